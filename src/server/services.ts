import { env, requireDatabaseUrl, type Env } from "~/env";
import { recordingUrlSecret } from "~/server/auth/derived-secret";
import { createGreetingVoice, type GreetingVoice } from "~/server/calls/greeting-voice";
import { createDb, type Db } from "~/server/db";
import { logger as rootLogger, type Logger } from "~/server/logger";
import { providersFromEnv } from "~/server/providers";
import type { Providers } from "~/server/providers/types";
import type { Boss } from "~/server/queue/boss";
import { createJobSender } from "~/server/queue/sender";
import { storageFromEnv, type RecordingStorage } from "~/server/storage";
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
