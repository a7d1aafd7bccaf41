import Anthropic from "@anthropic-ai/sdk";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { DeepgramClient } from "@deepgram/sdk";
import { ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import Telnyx from "telnyx";
import { GeneratedVoyageAIClient } from "voyageai";
import { z } from "zod";
import { ProviderError } from "~/server/providers/errors";
import { connectionError, statusError, withDeadline } from "~/server/providers/request";
import type { ProviderConnections } from "~/server/services";
import { DEFAULT_TELNYX_BASE_URL } from "~/server/telephony/provider";

/**
 * Settings → Providers → Test connection: one cheap, read-only, authenticated request per
 * provider through the same SDK the app uses, so a key that is set but wrong (or a base URL
 * nothing answers at) shows up before the first call fails in the pipeline. The answer says
 * ok, rejected the key, unreachable or failed, and never repeats the key.
 */

export const CONNECTION_PROVIDERS = ["telnyx", "deepgram", "anthropic", "elevenlabs", "voyage", "s3"] as const;
export type ConnectionProvider = (typeof CONNECTION_PROVIDERS)[number];

export const connectionTestInput = z.object({ provider: z.enum(CONNECTION_PROVIDERS) });

/** Long enough for a provider on another continent, short enough to wait for on a settings page. */
export const CONNECTION_TEST_TIMEOUT_MS = 5_000;

export type ConnectionStatus = "ok" | "rejected" | "unreachable" | "failed" | "not_configured";

export interface ConnectionTestResult {
  provider: ConnectionProvider;
  status: ConnectionStatus;
  /** For the person reading Settings; never contains a key. */
  message: string;
  elapsedMs: number;
}

/** One request that proves the key works, and the secrets its errors must never show. */
interface Probe {
  secrets: (string | undefined)[];
  run(signal: AbortSignal, timeoutMs: number): Promise<unknown>;
}

/** Each provider's key and endpoint (config.connections, from the server's environment). */
export interface ConnectionTestDeps {
  config: { connections: ProviderConnections };
}

/** The probe for a provider, or null when it is not configured (no key; S3: no bucket). */
function probeFor(provider: ConnectionProvider, c: ProviderConnections): Probe | null {
  switch (provider) {
    case "telnyx": {
      const { apiKey, baseUrl } = c.telnyx;
      if (!apiKey) return null;
      return {
        secrets: [apiKey],
        run: (signal, timeout) =>
          new Telnyx({ apiKey, baseURL: baseUrl ?? DEFAULT_TELNYX_BASE_URL, publicKey: null, timeout, maxRetries: 0 }).phoneNumbers.list(
            { "page[size]": 1 },
            { signal },
          ),
      };
    }
    case "deepgram": {
      const { apiKey, baseUrl } = c.deepgram;
      if (!apiKey) return null;
      return {
        secrets: [apiKey],
        run: (abortSignal, timeout) =>
          new DeepgramClient({ apiKey, baseUrl, timeoutInSeconds: timeout / 1000, maxRetries: 0 }).manage.v1.projects.list({
            abortSignal,
          }),
      };
    }
    case "anthropic": {
      const { apiKey, baseUrl } = c.anthropic;
      if (!apiKey) return null;
      return {
        secrets: [apiKey],
        run: (signal, timeout) =>
          new Anthropic({ apiKey, baseURL: baseUrl ?? "https://api.anthropic.com", timeout, maxRetries: 0 }).models.list(
            { limit: 1 },
            { signal },
          ),
      };
    }
    case "elevenlabs": {
      const { apiKey, baseUrl, voiceId } = c.elevenlabs;
      if (!apiKey) return null;
      // The greeting's own voice: proves the key and that ELEVENLABS_VOICE_ID exists for it.
      return {
        secrets: [apiKey],
        run: (abortSignal, timeout) =>
          new ElevenLabsClient({ apiKey, baseUrl, timeoutInSeconds: timeout / 1000, maxRetries: 0 }).voices.get(
            voiceId,
            undefined,
            { abortSignal },
          ),
      };
    }
    case "voyage": {
      const { apiKey, baseUrl, model } = c.voyage;
      if (!apiKey) return null;
      // Voyage has no cheaper authenticated read than embedding one word (a token or two).
      return {
        secrets: [apiKey],
        run: (abortSignal, timeout) =>
          new GeneratedVoyageAIClient({ apiKey, baseUrl, timeoutInSeconds: timeout / 1000, maxRetries: 0 }).embed(
            { input: ["ping"], model, inputType: "query" },
            { abortSignal },
          ),
      };
    }
    case "s3": {
      const { bucket, region, endpoint, forcePathStyle, accessKeyId, secretAccessKey } = c.s3;
      if (!bucket) return null;
      return {
        secrets: [accessKeyId, secretAccessKey],
        run: async (abortSignal, timeout) => {
          const client = new S3Client({
            region,
            endpoint,
            forcePathStyle,
            credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
            maxAttempts: 1,
            requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true },
          });
          try {
            return await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal });
          } finally {
            client.destroy();
          }
        },
      };
    }
  }
}

/** The HTTP status an SDK error carries: Stainless `status`, Fern `statusCode`, AWS `$metadata`. */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { status?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = e.status ?? e.statusCode ?? e.$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** The error body an SDK kept (Fern `body`, Stainless `error`; Telnyx nests it in `errors[0]`). */
function errorBodyOf(error: unknown): unknown {
  const e = error as { body?: unknown; error?: unknown; message?: unknown };
  const body = e.body ?? e.error ?? e.message;
  const telnyxErrors = (body as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(telnyxErrors) ? telnyxErrors[0] : body;
}

function classify(provider: ConnectionProvider, error: unknown): ProviderError {
  // The AWS default credential chain found nothing: a configuration problem, not the network.
  if (error instanceof Error && error.name === "CredentialsProviderError") {
    return new ProviderError(provider, "no credentials (set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)", "rejected", null, true);
  }
  const status = httpStatusOf(error);
  return status === undefined ? connectionError(provider, error) : statusError(provider, status, errorBodyOf(error));
}

function redact(text: string, secrets: (string | undefined)[]): string {
  return secrets.reduce<string>((out, secret) => (secret && secret.length >= 4 ? out.split(secret).join("[redacted]") : out), text);
}

function outcome(error: ProviderError): { status: ConnectionStatus; message: string } {
  const detail = error.message.startsWith(`${error.provider}: `) ? error.message.slice(error.provider.length + 2) : error.message;
  if (error.kind === "timeout" || error.kind === "connection") return { status: "unreachable", message: `Unreachable: ${detail}` };
  if (error.httpStatus === 401 || error.httpStatus === 403) return { status: "rejected", message: `Rejected the key (${detail})` };
  return { status: "failed", message: `Failed: ${detail}` };
}

export async function testConnection(
  { config }: ConnectionTestDeps,
  { provider }: z.output<typeof connectionTestInput>,
): Promise<ConnectionTestResult> {
  const timeoutMs = CONNECTION_TEST_TIMEOUT_MS;
  const probe = probeFor(provider, config.connections);
  if (!probe) return { provider, status: "not_configured", message: "Not configured.", elapsedMs: 0 };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    await withDeadline(
      { provider, timeoutMs },
      (signal) => probe.run(signal, timeoutMs),
      (error) => classify(provider, error),
    );
    return { provider, status: "ok", message: "Connected: the key works.", elapsedMs: elapsed() };
  } catch (error) {
    const failure = error instanceof ProviderError ? error : classify(provider, error);
    const { status, message } = outcome(failure);
    return { provider, status, message: redact(message, probe.secrets), elapsedMs: elapsed() };
  }
}
