import type { Boss } from "~/server/queue/boss";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { sendJobInTransaction } from "~/server/queue/outbox";
import { setStage } from "./stages";
import { stageEntry, stagesAfter, type Stage } from "./table";

/**
 * Runs a stage again and, after it, every later stage (their results depend on it): they are
 * reset to pending in the transaction that queues the stage's job. Results stay in place until
 * the new ones replace them, so a failing re-run never leaves the call with less than before.
 */
export async function rerunStage(
  { db, jobs }: { db: Db; jobs: () => Promise<Boss> },
  userId: string,
  input: { id: string; stage: Stage },
): Promise<void> {
  const boss = await jobs();
  const call = await db.call.findFirst({
    where: { id: input.id, userId },
    select: { id: true, recordingUrl: true, recordingStorageKey: true, transcriptText: true },
  });
  if (!call) throw notFound("Call");
  const missing = stageEntry(input.stage).rerunBlocker(call);
  if (missing) throw fieldError("stage", missing);
  await db.$transaction(async (tx) => {
    for (const stage of [input.stage, ...stagesAfter(input.stage)]) {
      await setStage(tx, call.id, stage, { status: "pending", detail: { error: null, reason: stage === input.stage ? "queued again" : null } });
    }
    await sendJobInTransaction(boss, tx, stageEntry(input.stage).job, { callId: call.id, userId });
  });
}
