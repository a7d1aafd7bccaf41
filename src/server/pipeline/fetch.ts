import { downloadRecording, RecordingDownloadError } from "~/server/recordings/download";
import { contentTypeForKey, recordingKey } from "~/server/storage";
import type { PipelineDeps } from "./run";
import { defineStage } from "./stage-run";

/** What recording hosts call each format (they disagree); the stored type is storage's own. */
const EXTENSIONS: Record<string, "mp3" | "wav"> = {
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
};

/** Telnyx's URLs say what they hold (.mp3/.wav) even when the storage host answers octet-stream. */
function extensionOf(contentType: string | null, url: string, stored: string | null): "mp3" | "wav" {
  const declared = contentType?.split(";")[0]?.trim().toLowerCase();
  if (declared && EXTENSIONS[declared]) return EXTENSIONS[declared];
  const path = new URL(url).pathname.toLowerCase();
  return path.endsWith(".wav") || stored === "wav" ? "wav" : "mp3";
}

/** Answers from a pre-signed URL that has expired (Telnyx's last about ten minutes). */
const EXPIRED_STATUSES = new Set([401, 403, 404, 410]);

/**
 * Downloads the recording; when its URL has expired (retries after an outage can outlive it),
 * asks Telnyx for fresh URLs of the same recording, keeps the new one on the call and tries once
 * more with it.
 */
async function downloadWithRenewal(deps: PipelineDeps, call: { id: string; telnyxRecordingId: string | null }, url: string) {
  const options = {
    telnyxApiKey: deps.config.download.telnyxApiKey,
    telnyxApiBaseUrl: deps.config.download.telnyxApiBaseUrl,
    timeoutMs: deps.config.download.timeoutMs,
    maxBytes: deps.config.download.maxBytes,
  };
  try {
    return { download: await downloadRecording(url, options), from: url };
  } catch (error) {
    const expired = error instanceof RecordingDownloadError && error.httpStatus !== null && EXPIRED_STATUSES.has(error.httpStatus);
    if (!expired || !call.telnyxRecordingId) throw error;
    const renewed = await deps.telephony.recordingUrls(call.telnyxRecordingId);
    const fresh = renewed.status === "sent" ? (renewed.data.mp3 ?? renewed.data.wav) : null;
    if (!fresh || fresh === url) throw error;
    deps.logger.info({ callId: call.id }, "recording URL expired; downloading from a renewed one");
    await deps.db.call.update({ where: { id: call.id }, data: { recordingUrl: fresh } });
    return { download: await downloadRecording(fresh, options), from: fresh };
  }
}

/**
 * Stage 1: copies the provider's recording (a short-lived URL) into our storage, streamed, with
 * its size and checksum.
 */
export const fetchStage = defineStage({
  select: { userId: true, recordingUrl: true, recordingFormat: true, recordingStorageKey: true, telnyxRecordingId: true },
  kept: (call) => !!call.recordingStorageKey,
  plan(deps, call) {
    const url = call.recordingUrl;
    if (!url) return { skip: "Telnyx sent no recording URL" };
    return {
      provider: deps.storage.kind,
      async run() {
        const { download, from } = await downloadWithRenewal(deps, call, url);
        const ext = extensionOf(download.contentType, from, call.recordingFormat);
        const key = recordingKey(call.userId, call.id, ext);
        const stored = await deps.storage.put(key, download.body, { contentType: contentTypeForKey(key), maxBytes: deps.config.download.maxBytes });
        return {
          provider: deps.storage.kind,
          data: {
            recordingStorageKey: stored.key,
            recordingFormat: ext,
            recordingSizeBytes: stored.sizeBytes,
            recordingSha256: stored.sha256,
          },
        };
      },
    };
  },
});
