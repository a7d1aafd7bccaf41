import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { Logger } from "~/server/logger";
import type { SpeechSynthesizer } from "~/server/providers/types";
import type { RecordingStorage } from "~/server/storage";

/** Spoken prompts as audio (ElevenLabs) instead of Telnyx's own text-to-speech. */
export interface GreetingVoice {
  /** MP3 for `text`, or null when it cannot be had in time (the caller then hears `speak`). */
  audioFor(text: string): Promise<Buffer | null>;
}

/** A greeting is a few seconds of mp3; anything near this is not a greeting. */
const MAX_GREETING_BYTES = 2 * 1024 * 1024;

/**
 * ElevenLabs audio, synthesised once per (voice, text) and kept in storage: a caller waits on
 * the first synthesis only, and every later call with the same greeting plays the stored file.
 * A caller is on the line, so synthesis gets `timeoutMs` and any failure falls back to speak.
 */
export function createGreetingVoice(deps: {
  speech: SpeechSynthesizer;
  storage: RecordingStorage;
  logger: Pick<Logger, "warn">;
  timeoutMs?: number;
}): GreetingVoice {
  return {
    async audioFor(text) {
      const digest = createHash("sha256").update(`${deps.speech.provider}\n${text}`).digest("hex");
      const key = `greetings/${digest}.mp3`;
      try {
        if (await deps.storage.stat(key)) return await deps.storage.readAll(key);
        const audio = await deps.speech.synthesize(text, { signal: AbortSignal.timeout(deps.timeoutMs ?? 8_000) });
        await deps.storage.put(key, Readable.from([audio]), { contentType: "audio/mpeg", maxBytes: MAX_GREETING_BYTES });
        return audio;
      } catch (error) {
        deps.logger.warn({ err: error, provider: deps.speech.provider }, "greeting audio unavailable; using Telnyx speak");
        return null;
      }
    },
  };
}
