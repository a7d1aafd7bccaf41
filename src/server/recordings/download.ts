import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { isPermanentStatus, ProviderError, type ProviderErrorKind } from "~/server/providers/errors";
import { RecordingTooLargeError } from "~/server/storage";
import { isLoopbackAddress, isLoopbackHost, isPublicAddress } from "./public-address";

/** Telnyx's API origin; TELNYX_API_BASE_URL's origin counts as Telnyx too (tests, proxies). */
const TELNYX_API_ORIGIN = "https://api.telnyx.com";
const MAX_REDIRECTS = 5;
/**
 * The whole download, redirects and body included, however steadily the server drips bytes:
 * RECORDING_MAX_BYTES (200 MiB by default) in 10 minutes is ~2.8 Mbit/s, far below what a storage
 * host serves; a server sending one byte just inside each idle timeout stops here instead of
 * holding a worker slot for hours.
 */
export const DOWNLOAD_DEADLINE_MS = 10 * 60_000;

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

/**
 * A recording URL (or a redirect on the way) that we refuse to fetch: not https, or a host that
 * resolves to a private, loopback, link-local or otherwise non-public address. Permanent: the
 * same URL will be refused again.
 */
export class RecordingUrlRefusedError extends RecordingDownloadError {
  constructor(message: string) {
    super(message, "rejected", null, true);
    this.name = "RecordingUrlRefusedError";
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (dns.lookup, as connections would). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface DownloadOptions {
  /** Sent as a bearer token, but only to the Telnyx API's origin. */
  telnyxApiKey?: string;
  /**
   * The Telnyx API base URL. When it is itself loopback (the tests' fake Telnyx on 127.0.0.1),
   * plain http and loopback hosts are allowed too; private addresses never are.
   */
  telnyxApiBaseUrl?: string;
  /** Limit for connecting and receiving headers, and then for each wait on the body. */
  timeoutMs: number;
  maxBytes: number;
  /** Limit for the whole download (default DOWNLOAD_DEADLINE_MS). */
  deadlineMs?: number;
  /** How host names are resolved (tests inject one). */
  resolve?: HostResolver;
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
 * Checks one hop's URL and resolves its host to the address to connect to. Every address the
 * name has must be allowed (a name with one public and one private address is refused), and the
 * connection then goes to the checked address, never to a fresh lookup that a rebinding DNS
 * server could answer differently.
 */
async function checkedAddress(target: URL, loopbackAllowed: boolean, resolve: HostResolver): Promise<ResolvedAddress> {
  if (target.protocol !== "https:" && !(target.protocol === "http:" && loopbackAllowed)) {
    const message =
      target.protocol === "http:"
        ? `recording URL must use https (got http://${target.host})`
        : `unsupported recording URL scheme ${target.protocol}`;
    throw new RecordingUrlRefusedError(message);
  }
  const host = target.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new RecordingDownloadError(`could not resolve ${host}`, "connection", null, false, error);
    }
    if (addresses.length === 0) throw new RecordingDownloadError(`could not resolve ${host}`, "connection", null, false);
  }
  const refused = addresses.find(({ address }) => !isPublicAddress(address) && !(loopbackAllowed && isLoopbackAddress(address)));
  if (refused) {
    throw new RecordingUrlRefusedError(`recording URL points to a private address (${target.host} is ${refused.address})`);
  }
  return addresses[0]!;
}

/** A lookup for node:http that answers with the address we already checked. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

function get(target: URL, address: ResolvedAddress, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(target, { method: "GET", headers, signal, lookup: pinnedLookup(address) }, (response) => {
      // Failures of the body reach the reader through its iterator; this listener only keeps an
      // abort after the reader is gone from being an uncaught 'error' event.
      response.on("error", () => undefined);
      resolve(response);
    });
    request.on("error", reject);
    request.end();
  });
}

/**
 * Opens a recording URL for streaming into storage.
 *
 * Telnyx's `recording_urls` are usually pre-signed links to its S3 bucket: our API key must not
 * go there, so the Authorization header is added per request, only when that request's origin is
 * the Telnyx API. Redirects are followed here (not by the HTTP client) so that this rule, https
 * only and the address check hold on every hop (an API URL redirecting to a pre-signed one drops
 * the key; one redirecting to http://169.254.169.254/ is refused).
 */
export async function downloadRecording(url: string, options: DownloadOptions): Promise<DownloadedRecording> {
  const telnyxOrigins = new Set([TELNYX_API_ORIGIN]);
  let loopbackAllowed = false;
  if (options.telnyxApiBaseUrl) {
    const base = new URL(options.telnyxApiBaseUrl);
    telnyxOrigins.add(base.origin);
    loopbackAllowed = isLoopbackHost(base.hostname);
  }
  const resolve = options.resolve ?? systemResolver;

  const controller = new AbortController();
  const deadlineMs = options.deadlineMs ?? DOWNLOAD_DEADLINE_MS;
  const deadline = setTimeout(() => {
    controller.abort(new RecordingDownloadError(`not finished within ${deadlineMs} ms`, "timeout", null, false));
  }, deadlineMs);
  let timer: NodeJS.Timeout | undefined;
  const arm = (what: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort(new RecordingDownloadError(`no ${what} within ${options.timeoutMs} ms`, "timeout", null, false));
    }, options.timeoutMs);
  };
  const disarm = () => clearTimeout(timer);
  const finish = () => {
    disarm();
    clearTimeout(deadline);
    controller.abort();
  };
  const failure = (error: unknown) => toDownloadError(controller.signal.aborted && controller.signal.reason ? controller.signal.reason : error);

  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    finish();
    throw new RecordingDownloadError(`invalid URL ${JSON.stringify(url)}`, "invalid_response", null, true, error);
  }

  let response: IncomingMessage;
  arm("response");
  try {
    for (let hop = 0; ; hop++) {
      const address = await checkedAddress(target, loopbackAllowed, resolve);
      if (controller.signal.aborted) throw controller.signal.reason;
      // identity: the bytes are stored as they come, so no compressed transfer to undo.
      const headers: Record<string, string> = { accept: "audio/*, */*;q=0.5", "accept-encoding": "identity" };
      if (options.telnyxApiKey && telnyxOrigins.has(target.origin)) headers.authorization = `Bearer ${options.telnyxApiKey}`;
      response = await get(target, address, headers, controller.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status < 300 || status >= 400 || !location) break;
      response.destroy();
      if (hop >= MAX_REDIRECTS) throw new RecordingDownloadError(`more than ${MAX_REDIRECTS} redirects`, "invalid_response", status, true);
      try {
        target = new URL(location, target);
      } catch (error) {
        throw new RecordingDownloadError(`invalid redirect location ${JSON.stringify(location)}`, "invalid_response", status, true, error);
      }
    }
  } catch (error) {
    const mapped = failure(error);
    finish();
    throw mapped;
  }

  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    finish();
    throw new RecordingDownloadError(`HTTP ${status} from ${target.host}`, status >= 500 ? "server" : "rejected", status, isPermanentStatus(status));
  }

  const declared = response.headers["content-length"];
  const contentLength = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : null;
  if (contentLength !== null && contentLength > options.maxBytes) {
    finish();
    throw new RecordingTooLargeError(options.maxBytes);
  }

  const source = response[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  async function* chunks(): AsyncGenerator<Buffer> {
    let received = 0;
    try {
      for (;;) {
        // The idle clock runs only while waiting for the server, not while the consumer is busy;
        // the deadline runs throughout.
        arm("data");
        const { done, value } = await source.next().catch((error: unknown) => {
          throw failure(error);
        });
        disarm();
        if (controller.signal.aborted) throw failure(new Error("aborted"));
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
  // possibly before reading at all), the timers stop and the connection is released.
  body.once("close", finish);
  disarm();
  return {
    body,
    contentType: response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || "application/octet-stream",
    contentLength,
  };
}
