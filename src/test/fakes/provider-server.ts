import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The HTTP plumbing the provider fakes (Deepgram, Anthropic, Voyage, ElevenLabs) share, in the
 * manner of `telnyx-api.ts`: a `node:http` server on 127.0.0.1:0 reached by the real SDK through
 * its base URL. It records every request, lets the fake check the provider's real auth header,
 * and can be scripted to fail (a status N times), to stall (longer than the client timeout) or
 * to answer every request after a fixed latency (benchmarks).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Raw request body (audio for Deepgram). */
  body: Buffer;
  /** The body parsed as JSON, when it was JSON. */
  json: unknown;
  /** Status the fake answered with (0: the client went away before the answer). */
  status: number;
}

export interface ScriptedResponse {
  /** Default 200: the fake's normal answer, e.g. after `delayMs`. */
  status?: number;
  /** Answer with this body (any status); default: the normal answer (200) or the provider's error shape. */
  body?: unknown;
  /** Wait this long before answering (longer than the client timeout: a timeout). */
  delayMs?: number;
  /** Apply to this many consecutive requests (default 1). */
  times?: number;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
  /** Default application/json; a Buffer body is sent as is. */
  contentType?: string;
}

export interface FakeProviderServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: RecordedRequest[];
  /** The next matching requests get this answer (queued, first in first out). */
  respondNext(response: ScriptedResponse): void;
  /** Added before every answer (a benchmark's stand-in for provider latency). */
  latencyMs: number;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeProviderHandlers {
  /** Null when the request is authorised; else the provider's 401 answer. */
  authorize(request: RecordedRequest): FakeAnswer | null;
  /** The provider's answer to an authorised request. */
  handle(request: RecordedRequest): FakeAnswer | Promise<FakeAnswer>;
  /** The provider's error body for a scripted status. */
  errorBody(status: number): unknown;
  latencyMs?: number;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer, contentType: string | undefined): unknown {
  if (!contentType?.includes("json") || body.length === 0) return null;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return null;
  }
}

// Unref'd: the listening server keeps the process alive while it serves; a stalled answer
// (minutes long) must not keep a benchmark or test process alive after the fake is closed.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startFakeProviderServer(handlers: FakeProviderHandlers): Promise<FakeProviderServer> {
  const requests: RecordedRequest[] = [];
  const scripted: ScriptedResponse[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = await readBody(req);
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        json: parseJson(body, req.headers["content-type"]),
        status: 0,
      };
      requests.push(request);

      let answer = handlers.authorize(request);
      let delayMs = fake.latencyMs;
      const script = answer ? undefined : scripted[0];
      if (script) {
        if ((script.times ?? 1) <= 1) scripted.shift();
        else script.times = (script.times ?? 1) - 1;
        delayMs += script.delayMs ?? 0;
        const status = script.status ?? 200;
        if (status !== 200 || script.body !== undefined) answer = { status, body: script.body ?? handlers.errorBody(status) };
      }
      if (delayMs > 0) await sleep(delayMs);
      answer ??= await handlers.handle(request);
      if (res.destroyed) return;
      request.status = answer.status;
      const payload = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(JSON.stringify(answer.body));
      res.writeHead(answer.status, { "content-type": answer.contentType ?? "application/json", "content-length": payload.length });
      res.end(payload);
    })().catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeProviderServer = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    latencyMs: handlers.latencyMs ?? 0,
    respondNext(response) {
      scripted.push({ ...response });
    },
    reset() {
      requests.length = 0;
      scripted.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** A header's single value (Node joins nothing for us on arrays). */
export function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
