import { startEmbeddedPostgres } from "~/embedded-db/server";
import { migrate } from "~/server/db/migrator";
import { createBoss, installQueues } from "~/server/queue/boss";
import { adminQuery, createServerDatabase, requiredServerUrl } from "./server-database";

/** Applies every migration and installs the job queues on the database at `url`. */
async function migrateWithQueues(url: string): Promise<void> {
  await migrate({ connectionString: url });
  const boss = createBoss(url, "sender");
  await boss.start();
  await installQueues(boss);
  await boss.stop({ graceful: false });
}

/** A fresh in-memory database with every migration and the job queues installed, dumped. */
export async function buildTemplate(): Promise<Blob> {
  const server = await startEmbeddedPostgres({ port: 0 });
  try {
    await migrateWithQueues(server.url);
    return await server.db.dumpDataDir("gzip");
  } finally {
    await server.stop();
  }
}

/**
 * The same template as a database on a real PostgreSQL server; test files copy it with
 * `CREATE DATABASE … TEMPLATE`. Returns its name and how to drop it at the end of the run.
 */
export async function buildServerTemplate(): Promise<{ name: string; drop(): Promise<void> }> {
  const template = await createServerDatabase(null);
  await migrateWithQueues(template.url);
  const { name } = template;
  // Marked as a template so nobody connects to it by accident while copies are made.
  await adminQuery(requiredServerUrl(), `ALTER DATABASE "${name}" WITH IS_TEMPLATE true`);
  return {
    name,
    async drop() {
      await adminQuery(requiredServerUrl(), `ALTER DATABASE "${name}" WITH IS_TEMPLATE false`);
      await template.stop();
    },
  };
}
