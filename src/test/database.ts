import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { startEmbeddedPostgres } from "~/embedded-db/server";
import { createDb, type Db } from "~/server/db";

export interface TestDatabase {
  url: string;
  db: Db;
  stop(): Promise<void>;
}

/** An isolated, migrated PostgreSQL for one test file (a copy of the run's template). */
export async function startTestDatabase(): Promise<TestDatabase> {
  const template = readFileSync(inject("databaseTemplate"));
  const server = await startEmbeddedPostgres({ port: 0, loadDataDir: new Blob([template]) });
  const db = createDb(server.url, { max: 4 });
  return {
    url: server.url,
    db,
    async stop() {
      await db.$disconnect();
      await server.stop();
    },
  };
}
