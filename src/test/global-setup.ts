import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildTemplate } from "./template";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

/**
 * Builds one migrated database (schema + pg-boss queues) per test run; every test file then
 * starts its own embedded PostgreSQL from a copy of it, so files are isolated and fast.
 */
export default async function setup(project: TestProject) {
  const dir = join(process.cwd(), ".data", "test");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `template-${process.pid}.tar.gz`);
  writeFileSync(file, Buffer.from(await (await buildTemplate()).arrayBuffer()));
  project.provide("databaseTemplate", file);
}
