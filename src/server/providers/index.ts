import type { Env } from "~/env";
import { createAnthropicAnalyser } from "./anthropic";
import { createDeepgramTranscriber } from "./deepgram";
import { createElevenLabsSpeech } from "./elevenlabs";
import { createLocalAnalyser } from "./local-analyser";
import { createLocalEmbedder } from "./local-embedder";
import type { Providers } from "./types";
import { createVoyageEmbedder } from "./voyage";

/**
 * The pipeline's providers from the environment (docs/provider-contract.md#how-a-provider-is-chosen): a key selects the real provider,
 * no key the local one (analyser, embedder) or none (transcriber, speech: the stage is skipped
 * with `missingKeyReason`).
 */

export type PipelineProviderName = "deepgram" | "anthropic" | "voyage" | "elevenlabs";

/**
 * Per-request deadlines. Deepgram reads the whole recording before answering (an hour of audio
 * takes a minute or two); analysis writes a few hundred tokens; embeddings and speech are quick.
 */
export const DEFAULT_TIMEOUTS_MS: Readonly<Record<PipelineProviderName, number>> = {
  deepgram: 300_000,
  anthropic: 120_000,
  voyage: 30_000,
  elevenlabs: 30_000,
};

const KEY_VARIABLES: Record<PipelineProviderName, keyof Env> = {
  deepgram: "DEEPGRAM_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  voyage: "VOYAGE_API_KEY",
  elevenlabs: "ELEVENLABS_API_KEY",
};

/** Why a provider is not used: "DEEPGRAM_API_KEY not set". */
export function missingKeyReason(provider: PipelineProviderName): string {
  return `${KEY_VARIABLES[provider]} not set`;
}

export function providersFromEnv(e: Env, options: { timeouts?: Partial<Record<PipelineProviderName, number>> } = {}): Providers {
  const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeouts };
  return {
    transcriber: e.DEEPGRAM_API_KEY
      ? createDeepgramTranscriber({ apiKey: e.DEEPGRAM_API_KEY, baseUrl: e.DEEPGRAM_API_BASE_URL, model: e.DEEPGRAM_MODEL, timeoutMs: timeouts.deepgram })
      : null,
    analyser: e.ANTHROPIC_API_KEY
      ? createAnthropicAnalyser({ apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL, model: e.ANTHROPIC_MODEL, timeoutMs: timeouts.anthropic })
      : createLocalAnalyser(),
    embedder: e.VOYAGE_API_KEY
      ? createVoyageEmbedder({ apiKey: e.VOYAGE_API_KEY, baseUrl: e.VOYAGE_API_BASE_URL, model: e.VOYAGE_MODEL, timeoutMs: timeouts.voyage })
      : createLocalEmbedder(),
    speech: e.ELEVENLABS_API_KEY
      ? createElevenLabsSpeech({
          apiKey: e.ELEVENLABS_API_KEY,
          baseUrl: e.ELEVENLABS_API_BASE_URL,
          voiceId: e.ELEVENLABS_VOICE_ID,
          modelId: e.ELEVENLABS_MODEL_ID,
          timeoutMs: timeouts.elevenlabs,
        })
      : null,
  };
}
