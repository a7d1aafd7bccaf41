import { sendJobInTransaction } from "~/server/queue/outbox";
import { downloadRecording } from "~/server/recordings/download";
import { recordingKey } from "~/server/storage";
import { attemptStage, type CallJob, type PipelineDeps } from "./run";
import { setStage, updateStage } from "./stages";

const formats: Record<string, { ext: string; contentType: string }> = {
  "audio/mpeg": { ext: "mp3", contentType: "audio/mpeg" },
  "audio/mp3": { ext: "mp3", contentType: "audio/mpeg" },
  "audio/wav": { ext: "wav", contentType: "audio/wav" },
  "audio/x-wav": { ext: "wav", contentType: "audio/wav" },
  "audio/wave": { ext: "wav", contentType: "audio/wav" },
};

/** Telnyx's URLs say what they hold (.mp3/.wav) even when the storage host answers octet-stream. */
function formatOf(contentType: string | null, url: string, stored: string | null) {
  const declared = contentType?.split(";")[0]?.trim().toLowerCase();
  if (declared && formats[declared]) return formats[declared];
  const path = new URL(url).pathname.toLowerCase();
  if (path.endsWith(".wav") || stored === "wav") return formats["audio/wav"]!;
  return formats["audio/mpeg"]!;
}

/**
 * Stage 1: copies the provider's recording (a short-lived URL) into our storage, streamed, with
 * its size and checksum, then queues transcription in the same transaction.
 */
export async function fetchCallRecording(deps: PipelineDeps, job: CallJob): Promise<void> {
  const { db } = deps;
  const call = await db.call.findFirst({
    where: { id: job.callId, userId: job.userId },
    select: { id: true, userId: true, recordingUrl: true, recordingFormat: true, recordingStorageKey: true, fetchStatus: true },
  });
  // Deleted since, or already stored (its transcription job was queued with that commit).
  if (!call || (call.fetchStatus === "succeeded" && call.recordingStorageKey)) return;
  const url = call.recordingUrl;
  if (!url) {
    await updateStage(db, call.id, "fetch", { status: "skipped", detail: { reason: "Telnyx sent no recording URL" } });
    return;
  }
  await attemptStage(deps, "fetch", job, async () => {
    await updateStage(db, call.id, "fetch", { status: "running", attempt: true, detail: { provider: deps.storage.kind } });
    const download = await downloadRecording(url, {
      telnyxApiKey: deps.download.telnyxApiKey,
      telnyxApiBaseUrl: deps.download.telnyxApiBaseUrl,
      timeoutMs: deps.download.timeoutMs,
      maxBytes: deps.download.maxBytes,
    });
    const format = formatOf(download.contentType, url, call.recordingFormat);
    const stored = await deps.storage.put(recordingKey(call.userId, call.id, format.ext), download.body, {
      contentType: format.contentType,
      maxBytes: deps.download.maxBytes,
    });
    await db.$transaction(async (tx) => {
      await setStage(tx, call.id, "fetch", {
        status: "succeeded",
        detail: { provider: deps.storage.kind },
        data: {
          recordingStorageKey: stored.key,
          recordingFormat: format.ext,
          recordingSizeBytes: stored.sizeBytes,
          recordingSha256: stored.sha256,
        },
      });
      await sendJobInTransaction(deps.boss, tx, "call.transcribe", job);
    });
  });
}
