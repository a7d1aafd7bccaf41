import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { startEmbeddedPostgres } from "~/embedded-db/server";
import { createDb, type Db } from "~/server/db";
import { createServerDatabase, type EmptyTestDatabase } from "./server-database";

export interface TestDatabase {
  url: string;
  db: Db;
  stop(): Promise<void>;
}

/** Which engine this vitest project runs on: the embedded one, or the server at TEST_DATABASE_URL. */
export const testEngine = (): "embedded" | "postgres" => inject("databaseEngine");

/**
 * An isolated, migrated database for one test file, copied from the run's template: on the
 * embedded engine a private server loaded from the template's data dir, on a real PostgreSQL a
 * database created `TEMPLATE` the migrated one and dropped afterwards.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const target =
    testEngine() === "postgres"
      ? await createServerDatabase(inject("databaseTemplate"))
      : await startEmbeddedPostgres({ port: 0, loadDataDir: new Blob([readFileSync(inject("databaseTemplate"))]) });
  const db = createDb(target.url, { max: 4 });
  return {
    url: target.url,
    db,
    async stop() {
      await db.$disconnect();
      await target.stop();
    },
  };
}

/** An empty database (no migrations) for tests of the migrator and schema drift themselves. */
export async function startEmptyTestDatabase(): Promise<EmptyTestDatabase> {
  if (testEngine() === "postgres") return createServerDatabase(null);
  const server = await startEmbeddedPostgres({ port: 0 });
  return { url: server.url, stop: () => server.stop() };
}
