import type { Env } from "~/env";
import type { Services } from "~/server/services";
import { DEFAULT_TIMINGS } from "./agent/types";
import { startVoiceServer, type VoiceServer } from "./server";
import { voiceSessions, type VoiceProviders } from "./sessions";

/** The agent's providers from the environment (keys and base URLs, the live models). */
export function voiceProvidersFromEnv(e: Env): VoiceProviders | null {
  if (!e.DEEPGRAM_API_KEY || !e.ANTHROPIC_API_KEY || !e.ELEVENLABS_API_KEY) return null;
  return {
    transcriber: { apiKey: e.DEEPGRAM_API_KEY, baseUrl: e.DEEPGRAM_API_BASE_URL, model: e.DEEPGRAM_LIVE_MODEL },
    synthesizer: { apiKey: e.ELEVENLABS_API_KEY, baseUrl: e.ELEVENLABS_API_BASE_URL, voiceId: e.ELEVENLABS_VOICE_ID, modelId: e.ELEVENLABS_VOICE_MODEL_ID },
    replier: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, model: e.ANTHROPIC_VOICE_MODEL, maxTokens: 300, timeoutMs: 10_000 },
  };
}

/**
 * Starts the voice process's server. Without the three keys it still runs (and answers /health),
 * and refuses no stream it could serve: none are started, since the receptionist stays off.
 */
export async function startVoiceProcess(e: Env, services: Services): Promise<VoiceServer> {
  const providers = voiceProvidersFromEnv(e);
  const { logger } = services;
  if (!providers) logger.warn("voice: DEEPGRAM_API_KEY, ANTHROPIC_API_KEY and ELEVENLABS_API_KEY are needed for the receptionist; it stays off");
  const sessions = providers
    ? voiceSessions({
        db: services.db,
        logger,
        telephony: services.telephony,
        jobs: services.jobs,
        now: services.now,
        providers,
        timings: { ...DEFAULT_TIMINGS, silenceMs: e.VOICE_SILENCE_SECONDS * 1000, maxCallMs: e.VOICE_MAX_CALL_MINUTES * 60_000 },
      })
    : null;
  return startVoiceServer({
    db: services.db,
    logger,
    port: e.VOICE_PORT,
    host: e.LISTEN_ADDRESS,
    openSession(stream, connection) {
      if (sessions) return sessions(stream, connection);
      connection.close(1011, "voice agent not configured");
      return { onFrame: () => undefined, onEnd: () => undefined };
    },
  });
}
