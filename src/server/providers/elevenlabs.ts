import { ElevenLabsClient, ElevenLabsError, ElevenLabsTimeoutError } from "@elevenlabs/elevenlabs-js";
import { ProviderError } from "./errors";
import { connectionError, invalidResponse, statusError, withDeadline } from "./request";
import type { SpeechSynthesizer } from "./types";

/**
 * ElevenLabs text-to-speech through the official SDK: `textToSpeech.convert` streams MP3
 * (44.1 kHz, 128 kbit/s), collected into one Buffer. The deadline covers reading the stream
 * too; the SDK's own timer stops once the response headers arrive.
 */

export interface ElevenLabsSpeechOptions {
  apiKey: string;
  /** Without the path: "https://api.elevenlabs.io". */
  baseUrl?: string;
  voiceId: string;
  modelId: string;
  timeoutMs: number;
}

export function createElevenLabsSpeech(options: ElevenLabsSpeechOptions): SpeechSynthesizer {
  const provider = `elevenlabs:${options.voiceId}:${options.modelId}`;
  const client = new ElevenLabsClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    timeoutInSeconds: options.timeoutMs / 1000,
    // The job queue retries with backoff; SDK retries would multiply the attempts behind its back.
    maxRetries: 0,
  });

  return {
    provider,
    async synthesize(text, { signal } = {}) {
      const audio = await withDeadline(
        { provider, timeoutMs: options.timeoutMs, signal },
        async (abortSignal) => {
          const stream = await client.textToSpeech.convert(
            options.voiceId,
            { text, modelId: options.modelId, outputFormat: "mp3_44100_128" },
            { abortSignal },
          );
          return Buffer.from(await new Response(stream).arrayBuffer());
        },
        (error) => classify(provider, error),
      );
      if (audio.length === 0) throw invalidResponse(provider, "empty audio");
      return audio;
    },
  };
}

function classify(provider: string, error: unknown): ProviderError {
  if (error instanceof ElevenLabsTimeoutError) return new ProviderError(provider, error.message, "timeout", null, false);
  if (error instanceof ElevenLabsError && error.statusCode !== undefined) return statusError(provider, error.statusCode, error.body);
  return connectionError(provider, error);
}
