import { isPermanentStatus, ProviderError } from "./errors";
import { truncate } from "~/lib/format";

/**
 * What every real provider does around one HTTP request: a deadline that covers the whole
 * exchange (the Fern-generated SDKs — Deepgram, Voyage, ElevenLabs — stop their own timer once
 * the response headers arrive, so a stalled body would otherwise hang the job), the caller's
 * abort signal, and the translation of whatever the SDK threw into a `ProviderError`.
 *
 * A request the caller aborted rejects with the caller's abort reason, not a ProviderError:
 * the job was cancelled (worker shutdown), the provider did nothing wrong.
 */
export async function withDeadline<T>(
  options: { provider: string; timeoutMs: number; signal?: AbortSignal },
  request: (signal: AbortSignal) => Promise<T>,
  classify: (error: unknown) => ProviderError,
): Promise<T> {
  const { provider, timeoutMs, signal: caller } = options;
  caller?.throwIfAborted();
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  const forwardAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener("abort", forwardAbort, { once: true });
  try {
    return await request(controller.signal);
  } catch (error) {
    if (caller?.aborted) throw caller.reason;
    if (expired) throw new ProviderError(provider, `no answer within ${timeoutMs} ms`, "timeout", null, false);
    throw error instanceof ProviderError ? error : classify(error);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", forwardAbort);
  }
}

/** A provider answered with an error status. */
export function statusError(provider: string, status: number, body: unknown): ProviderError {
  const detail = errorDetail(body);
  return new ProviderError(
    provider,
    `HTTP ${status}${detail ? `: ${detail}` : ""}`,
    status >= 500 ? "server" : "rejected",
    status,
    isPermanentStatus(status),
  );
}

/** The provider's answer was not what its API documents. Retrying will not change it. */
export function invalidResponse(provider: string, message: string): ProviderError {
  return new ProviderError(provider, message, "invalid_response", null, true);
}

/** The provider could not be reached (DNS, refused, reset). */
export function connectionError(provider: string, error: unknown): ProviderError {
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(provider, `could not reach the API (${message})`, "connection", null, false);
}

/** Longest provider error detail kept in a message (they end up on the call and in logs). */
const MAX_DETAIL = 300;

/**
 * The human-readable part of the error bodies these APIs send: Deepgram `{err_msg}`, Voyage
 * `{detail}`, ElevenLabs `{detail: {message}}`, Anthropic `{error: {message}}`.
 */
function errorDetail(body: unknown): string | null {
  if (typeof body === "string") return truncate(body, MAX_DETAIL);
  if (!body || typeof body !== "object") return null;
  const record = body as Record<string, unknown>;
  for (const key of ["err_msg", "message", "detail", "error"]) {
    const value = record[key];
    if (typeof value === "string" && value) return truncate(value, MAX_DETAIL);
    if (value && typeof value === "object") {
      const nested = errorDetail(value);
      if (nested) return nested;
    }
  }
  return null;
}

