import { Readable } from "node:stream";
import { isPermanentStatus, ProviderError, type ProviderErrorKind } from "~/server/providers/errors";
import { RecordingTooLargeError } from "~/server/storage";

/** Telnyx's API origin; TELNYX_API_BASE_URL's origin counts as Telnyx too (tests, proxies). */
const TELNYX_API_ORIGIN = "https://api.telnyx.com";
const MAX_REDIRECTS = 5;

/**
 * A recording download that failed. `permanent` (404, 403, 410, other 4xx but 408/429) means
 * retrying the same URL cannot help; timeouts, connection failures and 5xx are worth a retry.
 */
export class RecordingDownloadError extends ProviderError {
  constructor(message: string, kind: ProviderErrorKind, httpStatus: number | null, permanent: boolean, cause?: unknown) {
    super("recording download", message, kind, httpStatus, permanent);
    this.name = "RecordingDownloadError";
    if (cause !== undefined) this.cause = cause;
  }
}

export interface DownloadOptions {
  /** Sent as a bearer token, but only to the Telnyx API's origin. */
  telnyxApiKey?: string;
  telnyxApiBaseUrl?: string;
  /** Limit for connecting and receiving headers, and then for each wait on the body. */
  timeoutMs: number;
  maxBytes: number;
}

export interface DownloadedRecording {
  /** The bytes; fails with RecordingDownloadError (or RecordingTooLargeError) mid-stream. */
  body: Readable;
  contentType: string;
  contentLength: number | null;
}

function toDownloadError(error: unknown): Error {
  if (error instanceof RecordingDownloadError || error instanceof RecordingTooLargeError) return error;
  const detail = error instanceof Error ? [error.message, (error.cause as Error | undefined)?.message].filter(Boolean).join(": ") : String(error);
  return new RecordingDownloadError(`request failed (${detail})`, "connection", null, false, error);
}

/**
 * Opens a recording URL for streaming into storage.
 *
 * Telnyx's `recording_urls` are usually pre-signed links to its S3 bucket: our API key must not
 * go there, so the Authorization header is added per request, only when that request's origin is
 * the Telnyx API. Redirects are followed here (not by fetch) so that this rule holds on every hop
 * (an API URL redirecting to a pre-signed one drops the key).
 */
export async function downloadRecording(url: string, options: DownloadOptions): Promise<DownloadedRecording> {
  const telnyxOrigins = new Set([TELNYX_API_ORIGIN]);
  if (options.telnyxApiBaseUrl) telnyxOrigins.add(new URL(options.telnyxApiBaseUrl).origin);

  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (what: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort(new RecordingDownloadError(`no ${what} within ${options.timeoutMs} ms`, "timeout", null, false));
    }, options.timeoutMs);
  };
  const disarm = () => clearTimeout(timer);

  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    throw new RecordingDownloadError(`invalid URL ${JSON.stringify(url)}`, "invalid_response", null, true, error);
  }

  let response: Response;
  arm("response");
  try {
    for (let hop = 0; ; hop++) {
      if (target.protocol !== "https:" && target.protocol !== "http:") {
        throw new RecordingDownloadError(`unsupported URL scheme ${target.protocol}`, "invalid_response", null, true);
      }
      const headers = new Headers({ accept: "audio/*, */*;q=0.5" });
      if (options.telnyxApiKey && telnyxOrigins.has(target.origin)) headers.set("authorization", `Bearer ${options.telnyxApiKey}`);
      response = await fetch(target, { headers, redirect: "manual", signal: controller.signal });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) break;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new RecordingDownloadError(`more than ${MAX_REDIRECTS} redirects`, "invalid_response", response.status, true);
      target = new URL(location, target);
    }
  } catch (error) {
    disarm();
    throw toDownloadError(controller.signal.aborted ? controller.signal.reason : error);
  }

  if (!response.ok || !response.body) {
    disarm();
    await response.body?.cancel().catch(() => undefined);
    throw new RecordingDownloadError(`HTTP ${response.status} from ${target.host}`, response.status >= 500 ? "server" : "rejected", response.status, isPermanentStatus(response.status));
  }

  const declared = response.headers.get("content-length");
  const contentLength = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
  if (contentLength !== null && contentLength > options.maxBytes) {
    disarm();
    controller.abort();
    throw new RecordingTooLargeError(options.maxBytes);
  }

  const reader = response.body.getReader();
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let received = 0;
    try {
      for (;;) {
        // The clock runs only while waiting for the server, not while the consumer is busy.
        arm("data");
        const { done, value } = await reader.read().catch((error: unknown) => {
          throw toDownloadError(controller.signal.aborted ? controller.signal.reason : error);
        });
        disarm();
        if (done) return;
        received += value.byteLength;
        // Chunked responses have no Content-Length to check up front.
        if (received > options.maxBytes) throw new RecordingTooLargeError(options.maxBytes);
        yield value;
      }
    } finally {
      disarm();
    }
  }

  const body = Readable.from(chunks(), { objectMode: false });
  // However the stream ends (read to the end, failed, or destroyed by a consumer that gave up,
  // possibly before reading at all), the connection is released; after a full read it is a no-op.
  body.once("close", () => controller.abort());
  return {
    body,
    contentType: response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() || "application/octet-stream",
    contentLength,
  };
}
