import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local host for recording files (what Telnyx's `recording_urls` point at) on 127.0.0.1:0.
 *
 *   const host = await startRecordingHost();
 *   const url = host.add("/r/1.mp3", mp3Bytes, { contentType: "audio/mpeg" });
 *   host.script("/r/1.mp3", { failTimes: 2, failStatus: 503 });   // then serves normally
 *   host.requestCount("/r/1.mp3");                               // 3 after a retrying fetch
 *
 * Every request is recorded with its Authorization header, so tests can check where a key went.
 */

export interface RecordingBehaviour {
  /** Default audio/mpeg. */
  contentType?: string;
  /** Answer 401 unless the request carries `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Answer the next this-many requests with `failStatus` (default 500), then serve. */
  failTimes?: number;
  failStatus?: number;
  /** Wait this long before sending the response headers. */
  delayMs?: number;
  /** Send the headers and this many bytes, then stall until the client gives up. */
  stallAfterBytes?: number;
  /**
   * Declare this Content-Length instead of the real one. Larger than the body: the body is sent
   * and the connection dropped (a truncated download). Smaller: only that many bytes are sent.
   */
  contentLength?: number;
  /** Send no Content-Length (chunked transfer encoding), as some hosts do. */
  chunked?: boolean;
  /** Answer 302 to this location instead of serving bytes. */
  redirectTo?: string;
}

export interface HostRequest {
  method: string;
  path: string;
  authorization: string | null;
  status: number;
}

export interface RecordingHost {
  baseUrl: string;
  /** Serves `bytes` at `path` (replacing what was there); returns its absolute URL. */
  add(path: string, bytes: Buffer, behaviour?: RecordingBehaviour): string;
  /** A path that redirects (302) to `location`; returns its absolute URL. */
  redirect(path: string, location: string, behaviour?: Omit<RecordingBehaviour, "redirectTo">): string;
  /** Changes how an added path behaves (merged into what it had). */
  script(path: string, behaviour: RecordingBehaviour): void;
  /** The absolute URL of a path (added or not: unknown paths answer 404). */
  url(path: string): string;
  requests: HostRequest[];
  requestCount(path: string): number;
  close(): Promise<void>;
}

interface Entry {
  bytes: Buffer;
  behaviour: RecordingBehaviour;
}

export async function startRecordingHost(): Promise<RecordingHost> {
  const entries = new Map<string, Entry>();
  const requests: HostRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const authorization = req.headers.authorization ?? null;
    const answer = (status: number, headers: Record<string, string> = {}, body?: string) => {
      requests.push({ method: req.method ?? "GET", path, authorization, status });
      res.writeHead(status, headers);
      res.end(body);
    };
    const entry = entries.get(path);
    if (!entry) return answer(404, { "content-type": "text/plain" }, "not found");
    const b = entry.behaviour;

    if (b.delayMs) await new Promise((done) => setTimeout(done, b.delayMs));
    if (b.bearerToken && authorization !== `Bearer ${b.bearerToken}`) return answer(401, { "content-type": "text/plain" }, "unauthorized");
    if (b.failTimes) {
      b.failTimes -= 1;
      return answer(b.failStatus ?? 500, { "content-type": "text/plain" }, "scripted failure");
    }
    if (b.redirectTo) return answer(302, { location: b.redirectTo });

    requests.push({ method: req.method ?? "GET", path, authorization, status: 200 });
    const declared = b.contentLength ?? entry.bytes.length;
    res.writeHead(200, { "content-type": b.contentType ?? "audio/mpeg", ...(b.chunked ? {} : { "content-length": String(declared) }) });
    if (req.method === "HEAD") return res.end();
    const sent = entry.bytes.subarray(0, Math.min(declared, b.stallAfterBytes ?? Infinity));
    if (b.stallAfterBytes !== undefined) {
      // Keep the connection open without sending more; close() tears it down.
      res.write(sent);
      return;
    }
    if (declared > entry.bytes.length) {
      res.write(sent, () => res.destroy());
      return;
    }
    res.end(sent);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = (path: string) => new URL(path, baseUrl).toString();

  return {
    baseUrl,
    url,
    add(path, bytes, behaviour = {}) {
      entries.set(path, { bytes, behaviour: { ...behaviour } });
      return url(path);
    },
    redirect(path, location, behaviour = {}) {
      entries.set(path, { bytes: Buffer.alloc(0), behaviour: { ...behaviour, redirectTo: location } });
      return url(path);
    },
    script(path, behaviour) {
      const entry = entries.get(path);
      if (!entry) throw new Error(`recording host: ${path} was never added`);
      Object.assign(entry.behaviour, behaviour);
    },
    requests,
    requestCount: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
