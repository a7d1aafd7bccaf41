import type { Prisma } from "~/generated/prisma/client";
import { missingKeyReason } from "~/server/providers";
import { sendJobInTransaction } from "~/server/queue/outbox";
import { attemptStage, type CallJob, type PipelineDeps } from "./run";
import type { Tx } from "~/server/db";
import { setStage, updateStage } from "./stages";

export const WAITING_FOR_TRANSCRIPT = "waiting for a transcript";

/** Later stages cannot run without a transcript: say so on them instead of leaving them blank. */
async function markWaitingForTranscript(tx: Tx, callId: string): Promise<void> {
  await setStage(tx, callId, "analyze", { status: "pending", detail: { reason: WAITING_FOR_TRANSCRIPT } });
  await setStage(tx, callId, "embed", { status: "pending", detail: { reason: WAITING_FOR_TRANSCRIPT } });
}

/**
 * Stage 2: Deepgram pre-recorded transcription with diarized utterances. Without a Deepgram key
 * the stage is skipped with that reason and the stages after it wait for a transcript.
 */
export async function transcribeCall(deps: PipelineDeps, job: CallJob): Promise<void> {
  const { db } = deps;
  const call = await db.call.findFirst({
    where: { id: job.callId, userId: job.userId },
    select: { id: true, transcribeStatus: true, recordingStorageKey: true },
  });
  if (!call || call.transcribeStatus === "succeeded") return;
  const transcriber = deps.providers.transcriber;
  if (!transcriber) {
    await db.$transaction(async (tx) => {
      await setStage(tx, call.id, "transcribe", { status: "skipped", detail: { reason: missingKeyReason("deepgram") } });
      await markWaitingForTranscript(tx, call.id);
    });
    return;
  }
  const key = call.recordingStorageKey;
  if (!key) {
    await updateStage(db, call.id, "transcribe", { status: "pending", detail: { reason: "waiting for the recording" } });
    return;
  }
  await attemptStage(deps, "transcribe", job, async () => {
    await updateStage(db, call.id, "transcribe", { status: "running", attempt: true, detail: { provider: transcriber.provider } });
    const stat = await deps.storage.stat(key);
    if (!stat) throw new Error(`the stored recording ${key} is missing: re-run the recording stage`);
    const transcript = await transcriber.transcribe({
      body: await deps.storage.read(key),
      contentType: stat.contentType,
      sizeBytes: stat.sizeBytes,
    });
    await db.$transaction(async (tx) => {
      await setStage(tx, call.id, "transcribe", {
        status: "succeeded",
        detail: { provider: transcript.provider },
        data: {
          transcriptText: transcript.text,
          transcriptSegments: transcript.segments as unknown as Prisma.InputJsonValue,
          transcriptLanguage: transcript.language,
          transcriptProvider: transcript.provider,
          ...(transcript.durationSeconds !== null ? { recordingSeconds: Math.round(transcript.durationSeconds) } : {}),
        },
      });
      await sendJobInTransaction(deps.boss, tx, "call.analyze", job);
    });
  });
}
