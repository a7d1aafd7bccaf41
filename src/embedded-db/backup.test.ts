import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/server/db";
import { migrate } from "~/server/db/migrator";
import { createBoss, installQueues, sendJob } from "~/server/queue/boss";
import { createLocalStorage, recordingKey } from "~/server/storage";
import { createTestUser } from "~/test/callers";
import { createTestContact } from "~/test/contacts";
import { tableContents } from "~/test/table-contents";
import { createBackup } from "./backup";
import { serveOnlineBackups, type OnlineBackupEndpoint } from "./backup-endpoint";
import { restoreBackup } from "./backup-restore";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./server";

const migrationsDir = resolve("prisma/migrations");

/** An installation's .data/ (database and recordings) under a temp folder. */
function installation(root: string) {
  return { dataDir: join(root, ".data", "pglite"), recordingsDir: join(root, ".data", "recordings") };
}

// Each test opens PGlite four or five times (the copy's check, the restore's, the servers): several
// seconds each on a loaded 2-core machine.
const ROUND_TRIP_TIMEOUT_MS = 240_000;

describe("db:backup → wipe → db:restore (embedded database, local recordings)", () => {
  const root = mkdtempSync(join(tmpdir(), "switchboard-backup-"));
  const first = installation(join(root, "first"));
  let server: EmbeddedPostgres | undefined;
  let endpoint: OnlineBackupEndpoint | undefined;
  let db: Db | undefined;
  const recording = { key: "", bytes: randomBytes(300_000) };
  let jobId = "";
  let userEmail = "";

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir: first.dataDir, port: 0 });
    endpoint = await serveOnlineBackups(first.dataDir, () => server!.db.dumpDataDir("none"));
    await migrate({ connectionString: server.url });
    db = createDb(server.url, { max: 2 });
    const user = await createTestUser(db);
    userEmail = user.email;
    for (const name of ["Ada", "Grace", "Katherine"]) await createTestContact(db, user.id, name);
    // A pgvector value, so the copy carries extension types too.
    await db.$executeRaw`UPDATE "Contact" SET embedding = array_fill(0.25, ARRAY[1024])::halfvec(1024) WHERE "firstName" = 'Ada'`;
    const boss = createBoss(server.url, "sender");
    await boss.start();
    await installQueues(boss);
    jobId = await sendJob(boss, "notifications.welcome", { userId: user.id });
    await boss.stop({ graceful: false });
    recording.key = recordingKey(user.id, "call-1", "mp3");
    await createLocalStorage(first.recordingsDir).put(recording.key, Readable.from([recording.bytes]), { maxBytes: 1_000_000, contentType: "audio/mpeg" });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await endpoint?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("copies the running database between transactions and restores every row, job and recording into a fresh .data/", async () => {
    const running = server!;
    // A transaction still open when the backup starts: the copy waits for it, and its rows
    // (rolled back) are not in the backup.
    const writer = new pg.Client({ connectionString: running.url });
    await writer.connect();
    await writer.query("BEGIN");
    await writer.query(`INSERT INTO "Contact" (id, "userId", "firstName", "updatedAt") SELECT 'uncommitted', id, 'Ghost', now() FROM "User" LIMIT 1`);
    const rollback = new Promise((r) => setTimeout(r, 500)).then(() => writer.query("ROLLBACK")).finally(() => writer.end());

    const progress: string[] = [];
    const out = join(root, "backups", "first.tar.gz");
    const result = await createBackup({
      dataDir: first.dataDir,
      recordings: { dir: first.recordingsDir },
      outFile: out,
      appVersion: "test",
      progress: (line) => progress.push(line),
    });
    await rollback;
    const before = await tableContents(running.url);

    expect(result.manifest.database.taken).toBe("online");
    expect(result.manifest.database.migrations.length).toBeGreaterThan(0);
    expect(result.manifest.database.tables["public.Contact"]).toBe(3);
    expect(result.manifest.database.tables["pgboss.queue"]).toBeGreaterThan(0);
    expect(result.manifest.recordings).toEqual({
      included: true,
      files: [{ key: recording.key, bytes: recording.bytes.length }],
      bytes: recording.bytes.length,
    });
    expect(progress.some((line) => line.includes("asking it for a copy"))).toBe(true);
    // Owner-only, and no temporary file left beside it.
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(root, "backups"))).toEqual(["first.tar.gz"]);
    expect(statSync(out).size).toBe(result.bytes);

    // Wipe: the app stops and its .data/ is gone.
    await db!.$disconnect();
    db = undefined;
    await endpoint!.close();
    await running.stop();
    server = undefined;
    rmSync(join(root, "first", ".data"), { recursive: true, force: true });

    await restoreBackup({ file: out, ...first, migrationsDir });

    server = await startEmbeddedPostgres({ dataDir: first.dataDir, port: 0 });
    expect(await tableContents(server.url)).toEqual(before);
    db = createDb(server.url, { max: 2 });
    const user = await db.user.findUniqueOrThrow({ where: { email: userEmail }, include: { contacts: true } });
    expect(user.contacts.map((c) => c.firstName).sort()).toEqual(["Ada", "Grace", "Katherine"]);
    const job = await db.$queryRaw<{ name: string; data: { userId: string } }[]>`SELECT name, data FROM pgboss.job WHERE id = ${jobId}::uuid`;
    expect(job).toEqual([{ name: "notifications.welcome", data: { userId: user.id } }]);
    expect(await createLocalStorage(first.recordingsDir).readAll(recording.key)).toEqual(recording.bytes);
  }, ROUND_TRIP_TIMEOUT_MS);

  it("backs up a stopped database by opening it, and that backup restores elsewhere identically", async () => {
    const running = server!;
    const before = await tableContents(running.url);
    await db!.$disconnect();
    db = undefined;
    await running.stop();
    server = undefined;

    const out = join(root, "backups", "offline.tar.gz");
    const result = await createBackup({ dataDir: first.dataDir, recordings: { dir: first.recordingsDir }, outFile: out, appVersion: "test" });
    expect(result.manifest.database.taken).toBe("offline");

    const second = installation(join(root, "second"));
    await restoreBackup({ file: out, ...second, migrationsDir });
    server = await startEmbeddedPostgres({ dataDir: second.dataDir, port: 0 });
    expect(await tableContents(server.url)).toEqual(before);
    expect(readFileSync(join(second.recordingsDir, ...recording.key.split("/")))).toEqual(recording.bytes);
  }, ROUND_TRIP_TIMEOUT_MS);
});
