/** Test-only: what a database holds, table by table, to prove a restore brought every row back. */
import pg from "pg";

/** Per ordinary table: its row count and an md5 over all its rows (as text, sorted). */
export async function tableContents(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1, 2`,
    );
    const contents: Record<string, { rows: number; md5: string }> = {};
    for (const { schema, name } of tables.rows) {
      const ident = `"${schema.replaceAll('"', '""')}"."${name.replaceAll('"', '""')}"`;
      const result = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${ident} t`,
      );
      contents[`${schema}.${name}`] = result.rows[0]!;
    }
    return contents;
  } finally {
    await client.end();
  }
}
