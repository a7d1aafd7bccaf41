import { z } from "zod";

/**
 * The one validated view of process.env. Server-only: never import from client components.
 * Missing provider keys are not errors: they select the local providers (docs/provider-contract.md#how-a-provider-is-chosen).
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();

const port = z.coerce
  .number({ error: "must be a port number (0–65535)" })
  .int("must be a port number (0–65535)")
  .min(0, "must be a port number (0–65535)")
  .max(65535, "must be a port number (0–65535)");
const positiveInt = z.coerce
  .number({ error: "must be a whole number" })
  .int("must be a whole number")
  .positive("must be greater than 0");

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
  ),
  EMBEDDED_DB_PORT: port.default(54329),
  EMBEDDED_DB_DIR: z.string().min(1).default(".data/pglite"),
  /** on: each commit of the embedded database waits until it is on disk (survives a power cut; slower). */
  EMBEDDED_DB_FSYNC: z
    .enum(["on", "off"], { error: "must be on or off" })
    .default("off")
    .transform((v) => v === "on"),
  /**
   * The embedded database's watchdog: one call into PGlite running longer is a hang, and PGlite
   * is restarted (every connection gets an error; see src/embedded-db/engine.ts). 0 = never.
   */
  EMBEDDED_DB_STATEMENT_TIMEOUT_MS: z.coerce
    .number({ error: "must be a whole number of milliseconds (0 = no watchdog)" })
    .int("must be a whole number of milliseconds (0 = no watchdog)")
    .min(0, "must be a whole number of milliseconds (0 = no watchdog)")
    .default(60_000),

  PORT: port.default(3000),
  /** The address the web app listens on; unset: every interface. 127.0.0.1 behind a reverse proxy on the same machine. */
  LISTEN_ADDRESS: optionalString.pipe(
    z.union([z.ipv4(), z.ipv6(), z.literal("localhost")], { error: "must be an IP address (127.0.0.1, ::1, 10.0.0.5) or localhost" }).optional(),
  ),
  NEXTAUTH_URL: optionalUrl,
  NEXTAUTH_SECRET: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  ),

  DEMO_EMAIL: optionalString.pipe(z.email().optional()),
  DEMO_PASSWORD: optionalString.pipe(z.string().min(8, "must be at least 8 characters").optional()),

  LOGIN_MAX_ATTEMPTS: positiveInt.default(5),
  LOGIN_WINDOW_SECONDS: positiveInt.default(900),

  /** Sign-up once an owner exists, until the owner chooses in Settings (the first account is always allowed). */
  /** When set, the first account (the owner) can only be created with this email. */
  OWNER_EMAIL: optionalString.pipe(z.email("must be an email address").toLowerCase().optional()),
  /** Sign-ups allowed per client address per hour (a family or team setting up, not a script). */
  SIGNUP_MAX_PER_HOUR: positiveInt.default(10),
  SIGNUP_MODE: z.enum(["closed", "invite", "open"], { error: "must be closed, invite or open" }).default("closed"),
  /** Reverse proxies in front of the web app whose X-Forwarded-For entries are trusted (0: none; the socket address is the client). */
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .max(10, "must be at most 10")
    .default(0),
  /** Bearer token that shows /api/health's details to monitoring (signed-in owners see them anyway). */
  HEALTH_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),

  /**
   * The address the internet reaches this Switchboard at (https://phone.example.com). Telnyx connects
   * the voice agent's media streams to wss://<its host>/voice/stream (the reverse proxy routes that
   * path to the voice process). Unset: NEXTAUTH_URL.
   */
  PUBLIC_URL: optionalUrl,
  /** The voice process's port (media streams from Telnyx, behind the reverse proxy). */
  VOICE_PORT: port.default(3001),
  /** A receptionist or reminder conversation is ended after this long. */
  VOICE_MAX_CALL_MINUTES: positiveInt.default(10),
  /** Caller silence before the agent asks "are you still there?" (and again before it hangs up). */
  VOICE_SILENCE_SECONDS: positiveInt.default(8),

  WORKER_CONCURRENCY: positiveInt.default(4),
  WORKER_HEARTBEAT_SECONDS: positiveInt.default(10),
  WORKER_STALE_AFTER_SECONDS: positiveInt.default(60),

  TELNYX_API_KEY: optionalString,
  TELNYX_PUBLIC_KEY: optionalString,
  TELNYX_API_BASE_URL: optionalUrl,
  DEEPGRAM_API_KEY: optionalString,
  DEEPGRAM_API_BASE_URL: optionalUrl,
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  ELEVENLABS_API_KEY: optionalString,
  ELEVENLABS_API_BASE_URL: optionalUrl,
  VOYAGE_API_KEY: optionalString,
  VOYAGE_API_BASE_URL: optionalUrl,
  DEEPGRAM_MODEL: z.string().trim().min(1).default("nova-3"),
  /**
   * The voice agent's live transcription: a Nova model (endpointing), or Flux ("flux-general-en":
   * Deepgram's own end-of-turn detection, the reply started on its eager end of turn).
   */
  DEEPGRAM_LIVE_MODEL: z.string().trim().min(1).default("nova-3"),
  ANTHROPIC_MODEL: z.string().trim().min(1).default("claude-sonnet-5-5"),
  VOYAGE_MODEL: z.string().trim().min(1).default("voyage-3.5"),
  ELEVENLABS_VOICE_ID: z.string().trim().min(1).default("21m00Tcm4TlvDq8ikWAM"),
  ELEVENLABS_MODEL_ID: z.string().trim().min(1).default("eleven_multilingual_v2"),
  /** Live conversations: the fastest model to first audio. */
  ELEVENLABS_VOICE_MODEL_ID: z.string().trim().min(1).default("eleven_flash_v2_5"),
  /** Live conversations: a fast model (time to first token is most of the wait). */
  ANTHROPIC_VOICE_MODEL: z.string().trim().min(1).default("claude-haiku-4-5"),

  /** Local recording storage (used unless S3_BUCKET is set). */
  RECORDINGS_DIR: z.string().min(1).default(".data/recordings"),
  /** Recordings larger than this are refused (bytes). */
  RECORDING_MAX_BYTES: positiveInt.default(200 * 1024 * 1024),
  /** How long a signed playback URL stays valid. */
  RECORDING_URL_TTL_SECONDS: positiveInt.default(900),
  S3_BUCKET: optionalString,
  S3_REGION: z.string().trim().min(1).default("us-east-1"),
  S3_ENDPOINT: optionalUrl,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Path-style bucket addressing (MinIO and most self-hosted S3-compatible stores need it). */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(
      "Invalid environment configuration:\n" +
        issues.map((i) => `  - ${i.variable}: ${i.message}`).join("\n") +
        "\nSee .env.example for every variable and its format.",
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "(unknown)"),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);

export type ProviderName = "telnyx" | "deepgram" | "anthropic" | "elevenlabs" | "voyage";

/** Which providers run for real; the rest fall back to their local implementation (docs/provider-contract.md#how-a-provider-is-chosen). */
export function liveProviders(e: Env = env): Record<ProviderName, boolean> {
  return {
    telnyx: Boolean(e.TELNYX_API_KEY),
    deepgram: Boolean(e.DEEPGRAM_API_KEY),
    anthropic: Boolean(e.ANTHROPIC_API_KEY),
    elevenlabs: Boolean(e.ELEVENLABS_API_KEY),
    voyage: Boolean(e.VOYAGE_API_KEY),
  };
}

export function requireDatabaseUrl(e: Env = env): string {
  if (!e.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` / `npm start` (they start the " +
        "embedded database and set it), or point DATABASE_URL at a PostgreSQL server.",
    );
  }
  return e.DATABASE_URL;
}

/**
 * Where Telnyx connects the voice agent's media streams: PUBLIC_URL's (else NEXTAUTH_URL's) host
 * with wss (ws for a plain-http address) on /voice/stream, which the reverse proxy routes to the
 * voice process. Null without either: the receptionist cannot be reached, so it stays off.
 */
export function voiceStreamUrl(e: Pick<Env, "PUBLIC_URL" | "NEXTAUTH_URL">): string | null {
  const base = e.PUBLIC_URL ?? e.NEXTAUTH_URL;
  if (!base) return null;
  const url = new URL("/voice/stream", base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
