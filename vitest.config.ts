import { globSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const include = ["src/**/*.test.ts", "worker/**/*.test.ts", "scripts/**/*.test.ts"];
// A fixed test-only secret: signed recording URLs are minted and checked in tests.
const env = { NODE_ENV: "test" as const, NEXTAUTH_SECRET: "vitest-only-secret-vitest-only-secret-0123" };

const embedded: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: "embedded", include, env: { ...env, SWITCHBOARD_TEST_ENGINE: "embedded" } },
};

/**
 * Test files that never start a database (pure logic, providers against their fakes, components):
 * the engine cannot change what they test, so they run once, in the embedded project.
 */
const DATABASE_USE = /startTestDatabase|startEmptyTestDatabase|TestDatabase|startPipelineHarness|createServerDatabase|testEngine/;
const withoutDatabase = include
  .flatMap((pattern) => globSync(pattern, { cwd: fileURLToPath(new URL(".", import.meta.url)) }))
  .filter((file) => !DATABASE_USE.test(readFileSync(new URL(file, import.meta.url), "utf8")));

// The same suite on a real PostgreSQL (with pgvector) when TEST_DATABASE_URL names one: each
// test file gets its own database copied from a migrated template. The embedded server's own tests
// (src/embedded-db) test PGlite and its wire proxy, so they run once, in the embedded project, as
// do the files that use no database.
const postgres: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: "postgres",
    include,
    exclude: ["src/embedded-db/**", "**/node_modules/**", ...withoutDatabase],
    env: { ...env, SWITCHBOARD_TEST_ENGINE: "postgres" },
  },
};

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    environment: "node",
    pool: "forks",
    // Each embedded test file runs its own PostgreSQL in its process; two at a time fit 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["src/test/global-setup.ts"],
    projects: process.env.TEST_DATABASE_URL ? [embedded, postgres] : [embedded],
  },
});
