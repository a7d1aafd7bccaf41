/**
 * EMBEDDED_DB_FSYNC: off (PGlite's default) never flushes; on makes every commit through the
 * wire proxy wait for an fsync of the WAL, and checkpoints flush the data files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./server";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sb-fsync-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function commitsAndCheckpoint(fsync: boolean) {
  const server = await startEmbeddedPostgres({ port: 0, dataDir: join(root, fsync ? "on" : "off"), fsync });
  const client = new pg.Client({ connectionString: server.url });
  try {
    await client.connect();
    const settings = (await client.query("select current_setting('fsync') as fsync, current_setting('full_page_writes') as fpw"))
      .rows[0] as { fsync: string; fpw: string };
    await client.query("create table t (id serial primary key, v text)");
    // The fsyncs our NODEFS operation made, counted on the engine's thread (durability.ts).
    const fsyncs = async () => (await server.db.stats()).fsyncs;
    const beforeCommits = await fsyncs();
    for (let i = 0; i < 20; i++) await client.query("insert into t (v) values ($1)", [`row ${i}`]);
    const perCommits = (await fsyncs()) - beforeCommits;
    const beforeCheckpoint = await fsyncs();
    await client.query("checkpoint");
    return { settings, commits: perCommits, checkpoint: (await fsyncs()) - beforeCheckpoint };
  } finally {
    await client.end().catch(() => {});
    await server.stop();
  }
}

describe("EMBEDDED_DB_FSYNC", () => {
  it("off: PGlite's default, nothing is flushed", async () => {
    const off = await commitsAndCheckpoint(false);
    expect(off.settings.fsync).toBe("off");
    expect(off.commits).toBe(0);
    expect(off.checkpoint).toBe(0);
  }, 120_000);

  it("on: every commit waits for an fsync, and a checkpoint flushes the data files", async () => {
    const on = await commitsAndCheckpoint(true);
    expect(on.settings).toEqual({ fsync: "on", fpw: "on" });
    expect(on.commits).toBeGreaterThanOrEqual(20);
    expect(on.checkpoint).toBeGreaterThan(0);
  }, 120_000);
});
