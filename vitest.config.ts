import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    include: ["src/**/*.test.ts", "worker/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Each file runs its own embedded PostgreSQL; two at a time fit these 2-core machines.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["src/test/global-setup.ts"],
    // A fixed test-only secret: signed recording URLs are minted and checked in tests.
    env: { NODE_ENV: "test", NEXTAUTH_SECRET: "vitest-only-secret-vitest-only-secret-0123" },
  },
});
