import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "~/server/db/migrator";
import { startEmptyTestDatabase } from "~/test/database";
import type { EmptyTestDatabase } from "~/test/server-database";
import { schemaDrift, unsupportedFields } from "./schema-drift";

const SCHEMA = readFileSync(resolve(process.cwd(), "prisma", "schema.prisma"), "utf8");

/** Replaces `search` inside `model <name> { ... }` only. */
function editModel(schema: string, model: string, search: string | RegExp, replacement: string): string {
  const block = new RegExp(`model ${model} \\{[\\s\\S]*?\\n\\}`).exec(schema);
  if (!block) throw new Error(`model ${model} not found`);
  const edited = block[0].replace(search, replacement);
  if (edited === block[0]) throw new Error(`${String(search)} not found in model ${model}`);
  return schema.replace(block[0], edited);
}

let server: EmptyTestDatabase;
let client: pg.Client;

beforeAll(async () => {
  server = await startEmptyTestDatabase();
  await migrate({ connectionString: server.url, logger: { info() {}, warn() {}, error() {} } });
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe("schemaDrift", () => {
  it("finds no difference between schema.prisma and the migrated database", async () => {
    expect(await schemaDrift({ schemaText: SCHEMA, client })).toEqual([]);
  });

  it("works with a pool as well", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    try {
      expect(await schemaDrift({ schemaText: SCHEMA, client: pool })).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it("reads the Unsupported vector columns the DMMF leaves out", () => {
    const fields = unsupportedFields(SCHEMA);
    for (const model of ["Contact", "Call", "Message", "Task"]) {
      expect(fields.get(model)).toContainEqual({ name: "embedding", column: "embedding", type: "halfvec(1024)", isRequired: false });
    }
  });

  it("reads the generated tsvector columns of search (*_search_vectors)", () => {
    const fields = unsupportedFields(SCHEMA);
    for (const model of ["Contact", "Call", "Message", "Task", "CalendarEvent", "Reminder"]) {
      expect(fields.get(model)).toContainEqual({ name: "searchVector", column: "searchVector", type: "tsvector", isRequired: false });
    }
    expect(fields.get("Call")).toContainEqual({ name: "topicsVector", column: "topicsVector", type: "tsvector", isRequired: false });
  });

  it("names the model and field of a field the database lacks", async () => {
    const schema = editModel(SCHEMA, "Contact", /\n  notes +String\?\n/, "\n  notes String?\n  nickname String?\n");
    const diffs = await schemaDrift({ schemaText: schema, client });
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatch(/^Contact\.nickname: /);
    expect(diffs[0]).toContain("missing");
  });

  it("catches a nullability change", async () => {
    const schema = editModel(SCHEMA, "Contact", /\n  company +String\?\n/, "\n  company String\n");
    const diffs = await schemaDrift({ schemaText: schema, client });
    expect(diffs).toEqual([expect.stringMatching(/^Contact\.company: nullable in the database, required in the schema/)]);
  });

  it("catches type, enum and vector dimension changes", async () => {
    let schema = editModel(SCHEMA, "WorkerHeartbeat", /\n  pid +Int\n/, "\n  pid String\n");
    schema = schema.replace(/enum TaskPriority \{\n/, "enum TaskPriority {\n  someday\n");
    schema = editModel(schema, "Message", /Unsupported\("halfvec\(1024\)"\)/, 'Unsupported("halfvec(768)")');
    const diffs = await schemaDrift({ schemaText: schema, client });
    expect(diffs).toHaveLength(3);
    expect(diffs.join("\n")).toMatch(/WorkerHeartbeat\.pid: type is integer in the database, text/);
    expect(diffs.join("\n")).toMatch(/enum TaskPriority: value\(s\) someday missing/);
    expect(diffs.join("\n")).toMatch(/Message\.embedding: type is halfvec\(1024\)/);
  });

  it("catches what exists only in the database, and ignores other schemas", async () => {
    await client.query("BEGIN");
    try {
      await client.query(`ALTER TABLE "Task" ADD COLUMN "legacy" TEXT`);
      await client.query(`CREATE TABLE "Stray" ("id" TEXT)`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "drift_other"`);
      await client.query(`CREATE TABLE "drift_other"."job" ("id" TEXT)`);
      const diffs = await schemaDrift({ schemaText: SCHEMA, client });
      expect(diffs.sort()).toEqual([
        'Task: column "Task"."legacy" exists in the database but not in the schema',
        'table "Stray" exists in the database but no model maps to it',
      ]);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
