import type { Boss } from "~/server/queue/boss";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { sendJobInTransaction } from "~/server/queue/outbox";
import { setStage, stageJobs, stages, type Stage } from "./stages";

/** Why a stage cannot run again for this call (its input is missing), or null when it can. */
export function rerunBlocker(
  stage: Stage,
  call: { recordingUrl: string | null; recordingStorageKey: string | null; transcriptText: string | null },
): string | null {
  if (stage === "fetch" && !call.recordingUrl) return "This call has no recording to fetch.";
  if (stage === "transcribe" && !call.recordingStorageKey) return "The recording has not been stored yet: re-run the recording stage first.";
  if ((stage === "analyze" || stage === "embed") && call.transcriptText === null) return "This call has no transcript yet: transcription has to succeed first.";
  return null;
}

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
  const missing = rerunBlocker(input.stage, call);
  if (missing) throw fieldError("stage", missing);
  const from = stages.indexOf(input.stage);
  await db.$transaction(async (tx) => {
    for (const stage of stages.slice(from)) {
      await setStage(tx, call.id, stage, { status: "pending", detail: { error: null, reason: stage === input.stage ? "queued again" : null } });
    }
    await sendJobInTransaction(boss, tx, stageJobs[input.stage], { callId: call.id, userId });
  });
}
