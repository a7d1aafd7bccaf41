import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildServerTemplate, buildTemplate } from "./template";

declare module "vitest" {
  export interface ProvidedContext {
    /** Embedded: the path of the template data dir (.tar.gz). Postgres: the template database's name. */
    databaseTemplate: string;
    databaseEngine: "embedded" | "postgres";
  }
}

/**
 * Builds one migrated database (schema + pg-boss queues) per test run and project; every test file
 * then gets its own copy of it, so files are isolated and fast. The "postgres" project (only when
 * TEST_DATABASE_URL is set) makes the copies on that server; the "embedded" one in private PGlites.
 */
export default async function setup(project: TestProject) {
  const engine = project.config.env?.SWITCHBOARD_TEST_ENGINE === "postgres" ? "postgres" : "embedded";
  project.provide("databaseEngine", engine);
  if (engine === "postgres") {
    const template = await buildServerTemplate();
    project.provide("databaseTemplate", template.name);
    return () => template.drop();
  }
  const dir = join(process.cwd(), ".data", "test");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `template-${process.pid}.tar.gz`);
  writeFileSync(file, Buffer.from(await (await buildTemplate()).arrayBuffer()));
  project.provide("databaseTemplate", file);
}
