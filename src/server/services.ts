import { env, liveProviders, requireDatabaseUrl, voiceStreamUrl, type Env, type ProviderName } from "~/env";
import type { SignupMode } from "~/generated/prisma/enums";
import { recordingUrlSecret } from "~/server/auth/derived-secret";
import { createGreetingVoice, type GreetingVoice } from "~/server/calls/greeting-voice";
import { createDb, type Db } from "~/server/db";
import { logger as rootLogger, type Logger } from "~/server/logger";
import { providersFromEnv } from "~/server/providers";
import type { Providers } from "~/server/providers/types";
import type { Boss } from "~/server/queue/boss";
import { createJobSender } from "~/server/queue/sender";
import { s3SettingsFromEnv, storageFromEnv, type RecordingStorage } from "~/server/storage";
import { telephonyFromEnv, type TelephonyProvider } from "~/server/telephony/provider";

/**
 * Everything the app runs with, built in this one place: the tRPC context, the webhook and
 * recording routes, the worker's jobs and the scripts all take their dependencies from here, and
 * tests build the same container with fakes (src/test/services.ts). Domain code never reaches
 * for a process-wide singleton; it takes the slice it needs, `(deps, userId, input)`.
 */
export interface Services {
  db: Db;
  /** pg-boss for sending jobs: started on first use, so a page that sends nothing never connects. */
  jobs: () => Promise<Boss>;
  /** Telnyx, or the local provider that records "not sent" without TELNYX_API_KEY. */
  telephony: TelephonyProvider;
  /** Transcriber, analyser, embedder and speech: a key selects the real one (docs/provider-contract.md). */
  providers: Providers;
  /** Where recordings and greeting audio are kept: S3 or local files. */
  storage: RecordingStorage;
  /** ElevenLabs greetings, cached in storage; null: Telnyx speak reads the text. */
  voice: GreetingVoice | null;
  logger: Logger;
  now: () => Date;
  config: ServicesConfig;
}

export interface ServicesConfig {
  /** Signs short-lived recording playback links (derived from NEXTAUTH_SECRET). */
  recordingUrlSecret: string;
  recordingUrlTtlSeconds: number;
  /** Telnyx's webhook signing key; without it every webhook is refused. */
  telnyxPublicKey: string | undefined;
  /** How the pipeline downloads a recording from Telnyx. */
  download: { telnyxApiKey: string | undefined; telnyxApiBaseUrl: string | undefined; timeoutMs: number; maxBytes: number };
  signUp: {
    /** SIGNUP_MODE: who may sign up once an owner exists, until the owner chooses in Settings. */
    mode: SignupMode;
    /** OWNER_EMAIL: when set, the only email that may create the first account (the owner). */
    ownerEmail: string | undefined;
    /** SIGNUP_MAX_PER_HOUR: sign-ups per client address per hour. */
    maxPerHour: number;
  };
  /** LOGIN_MAX_ATTEMPTS sign-in attempts per email and address in LOGIN_WINDOW_SECONDS. */
  signIn: { maxAttempts: number; windowSeconds: number };
  /** TRUSTED_PROXY_HOPS: reverse proxies whose X-Forwarded-For entries name the client. */
  trustedProxyHops: number;
  /** Which providers run for real (their key is set); the rest use their local stand-in. */
  liveProviders: Record<ProviderName, boolean>;
  /** Where Telnyx streams calls to the voice agent (wss://<PUBLIC_URL host>/voice/stream); null: no public address. */
  voiceStreamUrl: string | null;
  /** Every provider's key and endpoint, for Settings' connection test. */
  connections: ProviderConnections;
  health: {
    /** HEALTH_TOKEN: a monitor holding it sees /api/health's details. */
    token: string | undefined;
    /** WORKER_STALE_AFTER_SECONDS: an older worker heartbeat makes the instance unhealthy. */
    workerStaleAfterSeconds: number;
  };
}

/** What each provider is configured with (no key: not configured; S3: no bucket). */
export interface ProviderConnections {
  telnyx: { apiKey: string | undefined; baseUrl: string | undefined };
  deepgram: { apiKey: string | undefined; baseUrl: string | undefined };
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined };
  elevenlabs: { apiKey: string | undefined; baseUrl: string | undefined; voiceId: string };
  voyage: { apiKey: string | undefined; baseUrl: string | undefined; model: string };
  s3: {
    bucket: string | undefined;
    region: string;
    endpoint: string | undefined;
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    forcePathStyle: boolean;
  };
}

/** A download of an hour-long recording from Telnyx's storage takes well under two minutes. */
const RECORDING_DOWNLOAD_TIMEOUT_MS = 120_000;

export function configFromEnv(e: Env): ServicesConfig {
  return {
    // Read when a link is signed or checked: a process without NEXTAUTH_SECRET (a worker) still starts.
    get recordingUrlSecret() {
      return recordingUrlSecret(e);
    },
    recordingUrlTtlSeconds: e.RECORDING_URL_TTL_SECONDS,
    telnyxPublicKey: e.TELNYX_PUBLIC_KEY,
    download: {
      telnyxApiKey: e.TELNYX_API_KEY,
      telnyxApiBaseUrl: e.TELNYX_API_BASE_URL,
      timeoutMs: RECORDING_DOWNLOAD_TIMEOUT_MS,
      maxBytes: e.RECORDING_MAX_BYTES,
    },
    signUp: { mode: e.SIGNUP_MODE, ownerEmail: e.OWNER_EMAIL, maxPerHour: e.SIGNUP_MAX_PER_HOUR },
    signIn: { maxAttempts: e.LOGIN_MAX_ATTEMPTS, windowSeconds: e.LOGIN_WINDOW_SECONDS },
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    liveProviders: liveProviders(e),
    voiceStreamUrl: voiceStreamUrl(e),
    connections: {
      telnyx: { apiKey: e.TELNYX_API_KEY, baseUrl: e.TELNYX_API_BASE_URL },
      deepgram: { apiKey: e.DEEPGRAM_API_KEY, baseUrl: e.DEEPGRAM_API_BASE_URL },
      anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL },
      elevenlabs: { apiKey: e.ELEVENLABS_API_KEY, baseUrl: e.ELEVENLABS_API_BASE_URL, voiceId: e.ELEVENLABS_VOICE_ID },
      voyage: { apiKey: e.VOYAGE_API_KEY, baseUrl: e.VOYAGE_API_BASE_URL, model: e.VOYAGE_MODEL },
      s3: s3SettingsFromEnv(e),
    },
    health: { token: e.HEALTH_TOKEN, workerStaleAfterSeconds: e.WORKER_STALE_AFTER_SECONDS },
  };
}

/**
 * The container from an environment; `parts` replaces any piece (tests pass a test database,
 * fake-backed providers, a fixed clock). The database and the job sender are only created when
 * not given, so building services never connects to anything by itself.
 */
export function createServices(e: Env, parts: Partial<Services> & { cwd?: string } = {}): Services {
  const { cwd, ...given } = parts;
  const logger = given.logger ?? rootLogger;
  const providers = given.providers ?? providersFromEnv(e);
  const storage = given.storage ?? storageFromEnv(e, cwd ?? process.cwd());
  let db = given.db;
  const databaseUrl = () => requireDatabaseUrl(e);
  let sender: Promise<Boss> | undefined;
  return {
    get db() {
      // Created on first use: `next build` imports the routes without a database.
      db ??= createDb(databaseUrl(), { max: e.NODE_ENV === "production" ? 10 : 5 });
      return db;
    },
    jobs:
      given.jobs ??
      (() => {
        sender ??= createJobSender(databaseUrl(), logger).catch((error: unknown) => {
          sender = undefined;
          throw error;
        });
        return sender;
      }),
    telephony: given.telephony ?? telephonyFromEnv(e),
    providers,
    storage,
    voice:
      given.voice !== undefined
        ? given.voice
        : providers.speech
          ? createGreetingVoice({ speech: providers.speech, storage, logger })
          : null,
    logger,
    now: given.now ?? (() => new Date()),
    config: given.config ?? configFromEnv(e),
  };
}

// One container per process; Next.js dev reloads modules, so keep it on globalThis there.
const globalForServices = globalThis as unknown as { switchboardServices?: Services };

/** The process-wide container, built from the environment on first use (never at build time). */
export function getServices(): Services {
  globalForServices.switchboardServices ??= createServices(env);
  return globalForServices.switchboardServices;
}
