import type { Db } from "~/server/db";

/** Records that a worker is alive; the health endpoint reads the newest beat. */
export async function recordHeartbeat(
  db: Db,
  worker: { id: string; pid: number; hostname: string; startedAt: Date },
  now: Date = new Date(),
): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { id: worker.id },
    create: { ...worker, beatAt: now },
    update: { beatAt: now },
  });
}

export async function removeHeartbeat(db: Db, workerId: string): Promise<void> {
  await db.workerHeartbeat.deleteMany({ where: { id: workerId } });
}

export async function latestHeartbeat(db: Db): Promise<Date | null> {
  const row = await db.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" } });
  return row?.beatAt ?? null;
}
