import { startEmbeddedPostgres } from "~/embedded-db/server";
import { migrate } from "~/server/db/migrator";
import { createBoss, installQueues } from "~/server/queue/boss";

/** A fresh in-memory database with every migration and the job queues installed, dumped. */
export async function buildTemplate(): Promise<Blob> {
  const server = await startEmbeddedPostgres({ port: 0 });
  try {
    await migrate({ connectionString: server.url });
    const boss = createBoss(server.url, "sender");
    await boss.start();
    await installQueues(boss);
    await boss.stop({ graceful: false, wait: true });
    return await server.db.dumpDataDir("gzip");
  } finally {
    await server.stop();
  }
}
