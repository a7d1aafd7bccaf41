/**
 * The databases a benchmark runs on, side by side: always a fresh embedded PostgreSQL (PGlite
 * behind the wire proxy), and when BENCH_DATABASE_URL is set, a fresh database created on that
 * server for this run and dropped afterwards. Each is migrated with the app's migrator.
 */
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres } from "../../src/embedded-db/server";
import { migrate } from "../../src/server/db/migrator";
import { adminQuery, adminQueryRows } from "../../src/test/server-database";

export interface BenchDatabase {
  engine: "embedded" | "postgres";
  /** Where it runs, for the report (no credentials). */
  server: string;
  url: string;
  stop(): Promise<void>;
}

export type BenchDatabaseFactory = () => Promise<BenchDatabase>;

/** One factory per engine to run on (each called once; call `stop` on what it returns). */
export function benchDatabases(): BenchDatabaseFactory[] {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  return [startEmbedded, ...(serverUrl ? [() => createOnServer(serverUrl)] : [])];
}

async function startEmbedded(): Promise<BenchDatabase> {
  const server = await startEmbeddedPostgres({ port: 0 });
  try {
    await migrate({ connectionString: server.url });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { engine: "embedded", server: "PGlite via the wire proxy (in memory)", url: server.url, stop: () => server.stop() };
}

async function createOnServer(serverUrl: string): Promise<BenchDatabase> {
  const name = `switchboard_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  // FORCE: a connection the benchmark leaked must not leave the database behind.
  const drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await migrate({ connectionString: url.toString() });
    const [row] = await adminQueryRows<{ server_version: string }>(serverUrl, "SHOW server_version");
    return { engine: "postgres", server: `PostgreSQL ${row?.server_version ?? "?"} at ${url.host}`, url: url.toString(), stop: drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
