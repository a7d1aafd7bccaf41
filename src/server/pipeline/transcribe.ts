import type { Prisma } from "~/generated/prisma/client";
import { missingKeyReason } from "~/server/providers";
import { LIVE_TRANSCRIPT_PROVIDER } from "~/server/voice/record";
import { defineStage } from "./stage-run";
import { WAITING_FOR_TRANSCRIPT } from "./table";

/**
 * Stage 2: Deepgram pre-recorded transcription with diarized utterances. Without a Deepgram key
 * the stage is skipped with that reason and the stages after it wait for a transcript.
 */
export const transcribeStage = defineStage({
  select: { recordingStorageKey: true, transcriptProvider: true },
  plan(deps, call) {
    // The voice agent's calls are transcribed live, both sides, while they happen: kept as they are.
    if (call.transcriptProvider === LIVE_TRANSCRIPT_PROVIDER) {
      return { provider: LIVE_TRANSCRIPT_PROVIDER, run: async () => ({ provider: LIVE_TRANSCRIPT_PROVIDER }) };
    }
    const transcriber = deps.providers.transcriber;
    if (!transcriber) return { skip: missingKeyReason("deepgram"), later: { waiting: WAITING_FOR_TRANSCRIPT } };
    const key = call.recordingStorageKey;
    if (!key) return { wait: "waiting for the recording" };
    return {
      provider: transcriber.provider,
      async run() {
        const stat = await deps.storage.stat(key);
        if (!stat) throw new Error(`the stored recording ${key} is missing: re-run the recording stage`);
        const transcript = await transcriber.transcribe({
          body: await deps.storage.read(key),
          contentType: stat.contentType,
          sizeBytes: stat.sizeBytes,
        });
        return {
          provider: transcript.provider,
          data: {
            transcriptText: transcript.text,
            transcriptSegments: transcript.segments as unknown as Prisma.InputJsonValue,
            // A new transcript numbers its voices afresh: names given to the old one's speakers
            // could land on the wrong voices.
            speakerNames: {},
            transcriptLanguage: transcript.language,
            transcriptProvider: transcript.provider,
            ...(transcript.durationSeconds !== null ? { recordingSeconds: Math.round(transcript.durationSeconds) } : {}),
          },
        };
      },
    };
  },
});
