import { randomBytes } from "node:crypto";
import pg from "pg";

// No vitest imports here: the global setup (outside the test workers) uses this too.

/** A bare database URL with no schema, and how to throw it away. */
export interface EmptyTestDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A database made on a PostgreSQL server (no schema unless copied from a template). */
export interface ServerDatabase extends EmptyTestDatabase {
  name: string;
}

/**
 * Creates a uniquely named database (from `template` if given) on a PostgreSQL server: the
 * TEST_DATABASE_URL one unless `adminUrl` names another (the benchmarks' BENCH_DATABASE_URL).
 */
export async function createServerDatabase(
  template: string | null,
  { adminUrl = requiredServerUrl(), prefix = "switchboard_test" }: { adminUrl?: string; prefix?: string } = {},
): Promise<ServerDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a test that leaked a connection must not leave its database behind.
    stop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export function requiredServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set, but this vitest project runs on a real PostgreSQL");
  return url;
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  await adminQueryRows(url, sql);
}

export async function adminQueryRows<R>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as R[];
  } finally {
    await client.end();
  }
}
