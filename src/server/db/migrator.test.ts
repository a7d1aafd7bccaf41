import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  FailedMigrationsError,
  MigrationChecksumError,
  MigrationFailedError,
  listMigrationNames,
  migrate,
  pendingMigrations,
} from "~/server/db/migrator";
import { startEmptyTestDatabase } from "~/test/database";

const REAL_DIR = resolve(process.cwd(), "prisma", "migrations");
const NAMES = listMigrationNames(REAL_DIR);
const MODEL_TABLES = [
  "User",
  "Contact",
  "PhoneNumber",
  "Call",
  "CallEvent",
  "Message",
  "CalendarEvent",
  "CalendarEventContact",
  "Task",
  "Reminder",
  "ReminderEscalation",
  "ReminderOccurrence",
  "ReminderAttempt",
  "WebhookEvent",
  "RecordingAccess",
  "Notification",
  "WorkerHeartbeat",
];

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDatabase() {
  const server = await startEmptyTestDatabase();
  cleanups.push(() => server.stop());
  return server.url;
}

async function query<R extends pg.QueryResultRow>(url: string, text: string, values?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const historyOf = (url: string) =>
  query<MigrationRow>(url, `SELECT * FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"`);

const tablesOf = async (url: string) =>
  (
    await query<{ name: string }>(
      url,
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    )
  ).map((r) => r.name);

/** A copy of the real migrations in a temp directory (tests never touch the real files). */
function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-migrations-"));
  cpSync(REAL_DIR, dir, { recursive: true });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function addMigration(dir: string, name: string, sql: string) {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, "migration.sql"), sql);
}

const quiet = () => {
  const messages: { level: string; message: string }[] = [];
  return {
    messages,
    logger: {
      info: (message: string) => messages.push({ level: "info", message }),
      warn: (message: string) => messages.push({ level: "warn", message }),
      error: (message: string) => messages.push({ level: "error", message }),
    },
  };
};

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("migrate", () => {
  it("finds the project's migrations in order", () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(2);
    expect(NAMES[0]).toBe("20261121000000_init");
    expect([...NAMES].sort()).toEqual(NAMES);
  });

  it("applies every migration to a fresh database and records it like prisma migrate deploy", async () => {
    const url = await freshDatabase();
    expect(await pendingMigrations(url)).toEqual(NAMES);

    const { logger } = quiet();
    const result = await migrate({ connectionString: url, logger });
    expect(result).toEqual({ applied: NAMES, skipped: [] });

    const tables = await tablesOf(url);
    for (const table of [...MODEL_TABLES, "_prisma_migrations"]) expect(tables).toContain(table);

    const rows = await historyOf(url);
    expect(rows.map((r) => r.migration_name)).toEqual(NAMES);
    for (const row of rows) {
      expect(row.checksum).toBe(sha256(join(REAL_DIR, row.migration_name, "migration.sql")));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    // The table has exactly Prisma's columns.
    const columns = await query<{ column_name: string; data_type: string }>(
      url,
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      "id:character varying",
      "checksum:character varying",
      "finished_at:timestamp with time zone",
      "migration_name:character varying",
      "logs:text",
      "rolled_back_at:timestamp with time zone",
      "started_at:timestamp with time zone",
      "applied_steps_count:integer",
    ]);

    expect(await pendingMigrations(url)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await pendingMigrations(client)).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it("is a no-op when run again", async () => {
    const url = await freshDatabase();
    await migrate({ connectionString: url, logger: quiet().logger });
    const before = await historyOf(url);

    const again = await migrate({ connectionString: url, logger: quiet().logger });
    expect(again).toEqual({ applied: [], skipped: NAMES });
    expect(await historyOf(url)).toEqual(before);
  });

  it("serializes migrators started at the same time: each migration is applied exactly once", async () => {
    const url = await freshDatabase();
    const results = await Promise.all(
      [1, 2, 3].map(() => migrate({ connectionString: url, logger: quiet().logger })),
    );

    const appliedByAll = results.flatMap((r) => r.applied).sort();
    expect(appliedByAll).toEqual(NAMES);
    for (const result of results) {
      expect([...result.applied, ...result.skipped].sort()).toEqual(NAMES);
    }
    const rows = await historyOf(url);
    expect(rows).toHaveLength(NAMES.length);
    expect(rows.map((r) => r.migration_name).sort()).toEqual(NAMES);
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
  });

  it("refuses to run when an applied migration was edited, and changes nothing", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    await migrate({ connectionString: url, migrationsDir: dir, logger: quiet().logger });
    const historyBefore = await historyOf(url);
    const tablesBefore = await tablesOf(url);

    const edited = NAMES[0]!;
    appendFileSync(join(dir, edited, "migration.sql"), '\nCREATE TABLE "Sneaky" ("id" TEXT);\n');
    addMigration(dir, "20990101000000_later", 'CREATE TABLE "Later" ("id" TEXT);');

    const error = await migrate({ connectionString: url, migrationsDir: dir, logger: quiet().logger }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as MigrationChecksumError).migrationName).toBe(edited);
    expect((error as Error).message).toContain(edited);

    expect(await historyOf(url)).toEqual(historyBefore);
    expect(await tablesOf(url)).toEqual(tablesBefore);
  });

  it("rolls back a failing migration, reports it, and applies it once it is fixed", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    const broken = "20990101000000_broken";
    addMigration(dir, broken, 'CREATE TABLE "HalfDone" ("id" TEXT);\nSELEC nonsense;\n');

    const { logger } = quiet();
    const error = await migrate({ connectionString: url, migrationsDir: dir, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as MigrationFailedError).migrationName).toBe(broken);
    expect((error as Error).message).toMatch(/syntax error/);

    // The migrations before it were applied; nothing of the broken one survived.
    const tables = await tablesOf(url);
    expect(tables).toContain("Contact");
    expect(tables).not.toContain("HalfDone");
    const rows = await historyOf(url);
    const failed = rows.filter((r) => r.migration_name === broken);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.finished_at).toBeNull();
    expect(failed[0]!.rolled_back_at).toBeInstanceOf(Date);
    expect(failed[0]!.logs).toMatch(/syntax error/);
    expect(await pendingMigrations(url, dir)).toEqual([broken]);

    // A rolled-back migration blocks nothing: fix it and run again.
    writeFileSync(join(dir, broken, "migration.sql"), 'CREATE TABLE "HalfDone" ("id" TEXT);\n');
    const retry = await migrate({ connectionString: url, migrationsDir: dir, logger });
    expect(retry.applied).toEqual([broken]);
    expect(await tablesOf(url)).toContain("HalfDone");
    expect(await pendingMigrations(url, dir)).toEqual([]);
  });

  it("refuses a history with an unfinished migration, as Prisma does", async () => {
    const url = await freshDatabase();
    await migrate({ connectionString: url, logger: quiet().logger });
    await query(
      url,
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "logs")
       VALUES ('00000000-0000-4000-8000-000000000000', 'abc', '20261122000000_crashed', 'boom')`,
    );
    const error = await migrate({ connectionString: url, logger: quiet().logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedMigrationsError);
    expect((error as FailedMigrationsError).migrationNames).toEqual(["20261122000000_crashed"]);
  });

  it("warns about an applied migration whose directory disappeared", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    await migrate({ connectionString: url, migrationsDir: dir, logger: quiet().logger });
    const last = NAMES[NAMES.length - 1]!;
    rmSync(join(dir, last), { recursive: true });

    const { logger, messages } = quiet();
    const result = await migrate({ connectionString: url, migrationsDir: dir, logger });
    expect(result.applied).toEqual([]);
    expect(messages.filter((m) => m.level === "warn").map((m) => m.message).join("\n")).toContain(last);
  });
});
