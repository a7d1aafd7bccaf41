import { DeepgramClient, DeepgramError, DeepgramTimeoutError, type ListenV1Response } from "@deepgram/sdk";
import { ProviderError } from "./errors";
import { connectionError, invalidResponse, statusError, withDeadline } from "./request";
import type { Transcriber, Transcript, TranscriptSegment } from "./types";

/**
 * Deepgram pre-recorded transcription through the official SDK (v5, `listen.v1.media`).
 *
 * Recordings are dual-channel (one party per channel), so the request asks for `multichannel`:
 * each channel is transcribed on its own and every utterance says which channel, i.e. which
 * party, spoke it — more reliable than voice diarization, which can split or merge speakers.
 * `diarize` stays on for the mono case (an uploaded or single-channel recording), where the
 * diarized speaker is all there is.
 */

export interface DeepgramTranscriberOptions {
  apiKey: string;
  /** Without the path: "https://api.deepgram.com" (the SDK appends /v1/listen). */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

export function createDeepgramTranscriber(options: DeepgramTranscriberOptions): Transcriber {
  const provider = `deepgram:${options.model}`;
  const client = new DeepgramClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    timeoutInSeconds: options.timeoutMs / 1000,
    // The job queue retries with backoff; SDK retries would multiply the attempts behind its back.
    maxRetries: 0,
  });

  return {
    provider,
    async transcribe(audio, { signal } = {}) {
      const response = await withDeadline(
        { provider, timeoutMs: options.timeoutMs, signal },
        (abortSignal) =>
          client.listen.v1.media.transcribeFile(
            { data: audio.body, contentType: audio.contentType, contentLength: audio.sizeBytes },
            {
              model: options.model,
              multichannel: true,
              diarize: true,
              utterances: true,
              punctuate: true,
              smart_format: true,
              detect_language: true,
            },
            { abortSignal },
          ),
        (error) => classify(provider, error),
      );
      return toTranscript(provider, response);
    },
  };
}

function classify(provider: string, error: unknown): ProviderError {
  if (error instanceof DeepgramTimeoutError) return new ProviderError(provider, error.message, "timeout", null, false);
  if (error instanceof DeepgramError && error.statusCode !== undefined) return statusError(provider, error.statusCode, error.body);
  return connectionError(provider, error);
}

function toTranscript(provider: string, response: unknown): Transcript {
  if (!isListenResponse(response)) throw invalidResponse(provider, "response has no results.channels (was a callback URL configured?)");
  const { metadata, results } = response;
  const perChannel = (metadata.channels ?? results.channels.length) > 1;
  let segments: TranscriptSegment[] = (results.utterances ?? [])
    .map((utterance) => ({
      speaker: (perChannel ? utterance.channel : utterance.speaker) ?? 0,
      start: utterance.start ?? 0,
      end: utterance.end ?? utterance.start ?? 0,
      text: (utterance.transcript ?? "").trim(),
      confidence: clamp01(utterance.confidence ?? 0),
    }))
    .filter((segment) => segment.text.length > 0);
  // Utterances are only missing when Deepgram heard no speech or ignored `utterances`;
  // one segment per channel still keeps the words.
  if (segments.length === 0) segments = channelSegments(results.channels);
  segments.sort((a, b) => a.start - b.start || a.speaker - b.speaker);

  return {
    text: segments.map((segment) => segment.text).join("\n"),
    segments,
    language: results.channels.find((channel) => channel.detected_language)?.detected_language ?? null,
    durationSeconds: typeof metadata.duration === "number" ? metadata.duration : null,
    provider,
  };
}

function channelSegments(channels: ListenV1Response["results"]["channels"]): TranscriptSegment[] {
  return channels.flatMap((channel, index) => {
    const best = channel.alternatives?.[0];
    const text = best?.transcript?.trim();
    if (!best || !text) return [];
    const words = best.words ?? [];
    return [
      {
        speaker: index,
        start: words[0]?.start ?? 0,
        end: words.at(-1)?.end ?? 0,
        text,
        confidence: clamp01(best.confidence ?? 0),
      },
    ];
  });
}

function isListenResponse(value: unknown): value is ListenV1Response {
  if (!value || typeof value !== "object") return false;
  const { metadata, results } = value as Partial<ListenV1Response>;
  return Boolean(metadata && typeof metadata === "object" && results && Array.isArray(results.channels));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
