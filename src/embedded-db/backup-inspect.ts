/**
 * Facts about a copy of the embedded database, read from the copy itself once it is opened: the
 * backup writes them into its manifest (which proves the copy opens), and the restore checks the
 * restored database against them.
 */
import type { PGlite } from "@electric-sql/pglite";

export interface DatabaseFacts {
  postgresVersion: string;
  migrations: string[];
  /** Rows per ordinary table, "schema.table" (partitions counted each, their parents not). */
  tables: Record<string, number>;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function describeDatabase(db: PGlite): Promise<DatabaseFacts> {
  const version = await db.query<{ server_version: string }>("SHOW server_version");
  // relkind 'r' only: a partitioned parent ('p', like pg-boss's job table) has no rows of its own,
  // so each row is counted once, in its partition.
  const relations = await db.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
      ORDER BY 1, 2`,
  );
  const tables: Record<string, number> = {};
  for (const { schema, name } of relations.rows) {
    const result = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(schema)}.${quoteIdent(name)}`);
    tables[`${schema}.${name}`] = Number(result.rows[0]?.n ?? 0);
  }
  return {
    postgresVersion: version.rows[0]?.server_version ?? "unknown",
    migrations: await appliedMigrations(db),
    tables,
  };
}

async function appliedMigrations(db: PGlite): Promise<string[]> {
  const exists = await db.query<{ found: boolean }>("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS found");
  if (!exists.rows[0]?.found) return [];
  const rows = await db.query<{ migration_name: string }>(
    `SELECT migration_name FROM public._prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      ORDER BY migration_name`,
  );
  return rows.rows.map((row) => row.migration_name);
}

/** The tables whose row counts differ between two descriptions, as "name: expected → actual". */
export function tableDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names
    .filter((name) => expected[name] !== actual[name])
    .map((name) => `${name}: ${expected[name] ?? "absent"} → ${actual[name] ?? "absent"}`);
}
