import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack as createPack } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackup } from "./backup";
import { readBackupArchive, sha256Hex, writeBackupArchive } from "./backup-archive";
import { endpointFileFor, requestOnlineDump, serveOnlineBackups } from "./backup-endpoint";
import { BackupError, type BackupManifest } from "./backup-manifest";
import { restoreBackup } from "./backup-restore";
import { lockDataDir } from "./data-dir-lock";
import { openPGlite } from "./pglite";

const migrationsDir = resolve("prisma/migrations");
const knownMigration = readdirSync(migrationsDir).sort()[0]!;
const root = mkdtempSync(join(tmpdir(), "switchboard-backup-refusals-"));
let counter = 0;
/** A fresh installation's directories (nothing created yet). */
const target = () => {
  const base = join(root, `target-${++counter}`);
  return { base, dataDir: join(base, "pglite"), recordingsDir: join(base, "recordings") };
};

async function refusalOf(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}
const codeOf = async (promise: Promise<unknown>) => (await refusalOf(promise)).code;

/** A small valid backup: one table with three rows, one applied migration, one recording. */
const fixture = { file: join(root, "fixture.tar.gz"), manifest: undefined as unknown as BackupManifest, database: Buffer.alloc(0) };
const source = { dataDir: join(root, "source", "pglite"), recordingsDir: join(root, "source", "recordings") };

beforeAll(async () => {
  const db = await openPGlite({ dataDir: source.dataDir });
  await db.exec(`
    CREATE TABLE note (id int PRIMARY KEY, body text);
    INSERT INTO note VALUES (1, 'one'), (2, 'two'), (3, 'three');
    CREATE TABLE _prisma_migrations (id text, checksum text, finished_at timestamptz, migration_name text,
      logs text, rolled_back_at timestamptz, started_at timestamptz, applied_steps_count int);
    INSERT INTO _prisma_migrations VALUES ('1', 'x', now(), '${knownMigration}', null, null, now(), 1);
  `);
  await db.close();
  mkdirSync(join(source.recordingsDir, "recordings", "u1"), { recursive: true });
  writeFileSync(join(source.recordingsDir, "recordings", "u1", "c1.mp3"), randomBytes(1000));
  const result = await createBackup({ ...source, recordings: { dir: source.recordingsDir }, outFile: fixture.file, appVersion: "test" });
  fixture.manifest = result.manifest;
  await readBackupArchive(fixture.file, {
    manifest: () => {},
    database: (bytes) => void (fixture.database = bytes),
    recording: async (_key, body) => {
      for await (const _chunk of body);
    },
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("db:restore refusals", () => {
  it("refuses while the database is open, and over existing data unless forced; forced, it moves the old data aside", async () => {
    const t = target();
    mkdirSync(t.dataDir, { recursive: true });
    const lock = await lockDataDir(t.dataDir);
    expect(await codeOf(restoreBackup({ file: fixture.file, ...t, migrationsDir }))).toBe("database_running");
    lock.release();

    writeFileSync(join(t.dataDir, "old-data"), "keep me");
    mkdirSync(t.recordingsDir, { recursive: true });
    writeFileSync(join(t.recordingsDir, "old-recording"), "keep me too");
    expect(await codeOf(restoreBackup({ file: fixture.file, ...t, migrationsDir }))).toBe("target_not_empty");
    expect(readdirSync(t.dataDir)).toEqual(["old-data"]);

    const result = await restoreBackup({ file: fixture.file, ...t, migrationsDir, force: true, now: () => new Date("2026-01-02T03:04:05Z") });
    expect(result.movedAside.sort()).toEqual([`${t.dataDir}.replaced-2026-01-02T03-04-05-000Z`, `${t.recordingsDir}.replaced-2026-01-02T03-04-05-000Z`]);
    expect(readFileSync(join(`${t.dataDir}.replaced-2026-01-02T03-04-05-000Z`, "old-data"), "utf8")).toBe("keep me");
    const db = await openPGlite({ dataDir: t.dataDir });
    try {
      expect((await db.query<{ body: string }>("SELECT body FROM note ORDER BY id")).rows.map((r) => r.body)).toEqual(["one", "two", "three"]);
    } finally {
      await db.close();
    }
    expect(existsSync(join(t.recordingsDir, "recordings", "u1", "c1.mp3"))).toBe(true);
    expect(readdirSync(t.base).filter((name) => name.includes(".restoring-"))).toEqual([]);
  }, 120_000);

  it("refuses files that are not intact Switchboard backups, or come from a newer Switchboard, without touching the target", async () => {
    const variant = async (name: string, manifest: BackupManifest, recordings = [] as { key: string; path: string; bytes: number }[]) => {
      const file = join(root, `${name}.tar.gz`);
      await writeBackupArchive(file, manifest, fixture.database, recordings);
      return file;
    };
    const noRecordings = { ...fixture.manifest, recordings: { included: false as const, reason: "test" } };

    const garbage = join(root, "garbage.tar.gz");
    writeFileSync(garbage, randomBytes(5000));
    const notFirst = join(root, "not-first.tar.gz");
    const pack = createPack();
    const writing = pipeline(pack, createGzip(), createWriteStream(notFirst));
    pack.entry({ name: "database.tar" }, "x");
    pack.finalize();
    await writing;
    const outside = join(root, "evil");
    writeFileSync(join(root, "payload"), "x");

    const cases: [string, string, RegExp][] = [
      [garbage, "invalid_backup", /is not a usable Switchboard backup/],
      [notFirst, "invalid_backup", /its first entry is database\.tar/],
      [await variant("v2", { ...noRecordings, formatVersion: 2 } as unknown as BackupManifest), "invalid_backup", /format version 2/],
      [
        await variant("bad-sum", { ...noRecordings, database: { ...noRecordings.database, sha256: sha256Hex(Buffer.from("other")) } }),
        "invalid_backup",
        /does not match the manifest's size and checksum/,
      ],
      [
        await variant("traversal", { ...fixture.manifest, recordings: { included: true, files: [{ key: "../evil", bytes: 1 }], bytes: 1 } }, [
          { key: "../evil", path: join(root, "payload"), bytes: 1 },
        ]),
        "invalid_backup",
        /unsafe recording path/,
      ],
      [
        await variant("newer", { ...noRecordings, database: { ...noRecordings.database, migrations: [knownMigration, "29991231000000_from_the_future"] } }),
        "newer_backup",
        /29991231000000_from_the_future/,
      ],
    ];
    for (const [file, code, message] of cases) {
      const t = target();
      const refusal = await refusalOf(restoreBackup({ file, ...t, migrationsDir }));
      expect(refusal.code, file).toBe(code);
      expect(refusal.message, file).toMatch(message);
      expect(readdirSync(t.base), file).toEqual(["pglite"]);
      expect(readdirSync(t.dataDir), file).toEqual([]);
    }
    expect(existsSync(outside)).toBe(false);
    const t = target();
    expect(await codeOf(restoreBackup({ file: join(root, "missing.tar.gz"), ...t, migrationsDir }))).toBe("invalid_backup");
    expect(existsSync(t.base)).toBe(false);
  });
});

describe("db:backup refusals and the online endpoint", () => {
  it("refuses without a database, and when the process holding it serves no copies", async () => {
    expect(await codeOf(createBackup({ dataDir: join(root, "nothing"), recordings: { excludedBecause: "test" }, outFile: join(root, "x.tar.gz"), appVersion: "t" }))).toBe(
      "no_database",
    );
    const lock = await lockDataDir(source.dataDir);
    try {
      const out = join(root, "held.tar.gz");
      const error = await createBackup({ dataDir: source.dataDir, recordings: { excludedBecause: "test" }, outFile: out, appVersion: "t" }).catch((e: unknown) => e);
      expect((error as BackupError).code).toBe("online_backup_unavailable");
      expect((error as BackupError).message).toContain(`process ${process.pid}`);
      expect(existsSync(out)).toBe(false);
    } finally {
      lock.release();
    }
  });

  it("hands a copy only to a client that sends the endpoint file's token", async () => {
    const copy = randomBytes(200_000);
    const endpoint = await serveOnlineBackups(source.dataDir, async () => new Blob([copy]));
    try {
      expect(await requestOnlineDump(source.dataDir)).toEqual(copy);
      const file = endpointFileFor(source.dataDir);
      const real = readFileSync(file, "utf8");
      writeFileSync(file, JSON.stringify({ ...JSON.parse(real), token: "0".repeat(64) }));
      await expect(requestOnlineDump(source.dataDir)).rejects.toThrow(/wrong token/);
      writeFileSync(file, real);
    } finally {
      await endpoint.close();
    }
    expect(existsSync(endpointFileFor(source.dataDir))).toBe(false);
    await expect(requestOnlineDump(source.dataDir)).rejects.toThrow(/no online backup endpoint/);
  });

  it("with DATABASE_URL, the scripts print the pg_dump / pg_restore commands, never the password, and exit 1", async () => {
    const run = (script: string, args: string[]) =>
      promisify(execFile)("npx", ["tsx", script, ...args], {
        env: { ...process.env, DATABASE_URL: "postgresql://app:s3cret-pw@db.internal:5432/switchboard" },
      }).then(
        () => ({ code: 0, stdout: "", stderr: "" }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const [backup, restore] = await Promise.all([run("scripts/db-backup.ts", []), run("scripts/db-restore.ts", [fixture.file])]);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain('pg_dump --format=custom --no-owner --file=');
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain("pg_restore --no-owner");
    for (const out of [backup, restore]) expect(out.stdout + out.stderr).not.toContain("s3cret-pw");
  }, 120_000);
});
