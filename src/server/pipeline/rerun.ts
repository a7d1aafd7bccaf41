import type { Boss } from "~/server/queue/boss";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { sendJobInTransaction } from "~/server/queue/outbox";
import { setStage, stageJobs, stages, type Stage } from "./stages";

/**
 * Runs a stage again and, after it, every later stage (their results depend on it): they are
 * reset to pending in the transaction that queues the stage's job. Results stay in place until
 * the new ones replace them, so a failing re-run never leaves the call with less than before.
 */
export async function rerunStage(db: Db, boss: Boss, userId: string, input: { id: string; stage: Stage }): Promise<void> {
  const call = await db.call.findFirst({
    where: { id: input.id, userId },
    select: { id: true, recordingUrl: true, recordingStorageKey: true, transcriptText: true },
  });
  if (!call) throw notFound("Call");
  const missing =
    input.stage === "fetch" && !call.recordingUrl
      ? "This call has no recording to fetch."
      : input.stage === "transcribe" && !call.recordingStorageKey
        ? "The recording has not been stored yet: re-run the recording stage first."
        : (input.stage === "analyze" || input.stage === "embed") && call.transcriptText === null
          ? "This call has no transcript yet: transcription has to succeed first."
          : null;
  if (missing) throw fieldError("stage", missing);
  const from = stages.indexOf(input.stage);
  await db.$transaction(async (tx) => {
    for (const stage of stages.slice(from)) {
      await setStage(tx, call.id, stage, { status: "pending", detail: { error: null, reason: stage === input.stage ? "queued again" : null } });
    }
    await sendJobInTransaction(boss, tx, stageJobs[input.stage], { callId: call.id, userId });
  });
}
