/**
 * The databases a benchmark runs on, side by side: always a fresh embedded PostgreSQL (PGlite
 * behind the wire proxy), and when BENCH_DATABASE_URL is set, a fresh database created on that
 * server for this run and dropped afterwards. Each is migrated with the app's migrator.
 */
import { startEmbeddedPostgres } from "../../src/embedded-db/server";
import { migrate } from "../../src/server/db/migrator";
import { adminQueryRows, createServerDatabase } from "../../src/test/server-database";

export interface BenchDatabase {
  engine: "embedded" | "postgres";
  /** Where it runs, for the report (no credentials). */
  server: string;
  url: string;
  stop(): Promise<void>;
}

export type BenchDatabaseFactory = () => Promise<BenchDatabase>;

/** Runs `bench` on each database in turn (started, then stopped), returning each one's result. */
export async function onEachBenchDatabase<R>(bench: (database: BenchDatabase) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const start of benchDatabases()) {
    const database = await start();
    try {
      results.push(await bench(database));
    } finally {
      await database.stop();
    }
  }
  return results;
}

/** One factory per engine to run on (each called once; call `stop` on what it returns). */
export function benchDatabases(): BenchDatabaseFactory[] {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  return [startEmbedded, ...(serverUrl ? [() => createOnServer(serverUrl)] : [])];
}

async function startEmbedded(): Promise<BenchDatabase> {
  // A bench builds HNSW indexes over tens of thousands of vectors in one statement (minutes on
  // the engine, legitimately): the watchdog that tells a hung engine apart waits 30 minutes here.
  const server = await startEmbeddedPostgres({ port: 0, statementTimeoutMs: 30 * 60_000 });
  try {
    await migrate({ connectionString: server.url });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { engine: "embedded", server: "PGlite via the wire proxy (in memory)", url: server.url, stop: () => server.stop() };
}

async function createOnServer(serverUrl: string): Promise<BenchDatabase> {
  const database = await createServerDatabase(null, { adminUrl: serverUrl, prefix: "switchboard_bench" });
  try {
    await migrate({ connectionString: database.url });
    const [row] = await adminQueryRows<{ server_version: string }>(serverUrl, "SHOW server_version");
    const host = new URL(database.url).host;
    return { engine: "postgres", server: `PostgreSQL ${row?.server_version ?? "?"} at ${host}`, url: database.url, stop: database.stop };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
