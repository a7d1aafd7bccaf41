import { request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Session } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPC_MAX_BATCH_SIZE } from "~/lib/trpc-limits";
import { PEER_HEADER } from "~/server/auth/client-ip";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { handleTrpcRequest, IMPORT_MAX_BODY_BYTES, TRPC_MAX_BODY_BYTES } from "./trpc";
import { createWebServer } from "./web-server";
import { createTestServices } from "~/test/services";

let t: TestDatabase;
let server: Server;
let port: number;
/** Bytes the handler pulled from the socket, for the request in flight. */
let pulled = 0;
/** Sign-ups per address per hour, as the container is configured (SIGNUP_MAX_PER_HOUR). */
const SIGNUP_MAX_PER_HOUR = 4;
/** The session the next request carries (null: a stranger). */
let session: Session | null = null;

/** IncomingMessage → fetch Request the way Next.js hands it to a route handler (body streamed). */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) headers.append(name, item);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  async function* counted() {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      pulled += chunk.byteLength;
      yield new Uint8Array(chunk);
    }
  }
  return new Request(`http://localhost:${port}${req.url}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: counted(), duplex: "half" } : {}),
  } as RequestInit);
}

beforeAll(async () => {
  t = await startTestDatabase();
  server = createWebServer(async (req, res) => {
    const response = await handleTrpcRequest(toRequest(req), {
      session: async () => session,
      services: createTestServices({
        db: t.db,
        jobs: () => Promise.reject(new Error("no queue in this test")),
        env: { SIGNUP_MAX_PER_HOUR },
      }),
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", () => listening()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((closed) => server?.close(closed));
  await t?.stop();
});

interface Sent {
  status: number;
  body: string;
}

/** One HTTP request; `upload` streams that many bytes in 64 KiB chunks until the server answers. */
function send(
  path: string,
  { method = "POST", body, upload, headers = {}, from = "127.0.0.1" }: { method?: string; body?: string; upload?: number; headers?: Record<string, string>; from?: string },
): Promise<Sent> {
  pulled = 0;
  return new Promise((done, failed) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, localAddress: from, headers: { "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => done({ status: res.statusCode ?? 0, body: text }));
    });
    let answered = false;
    req.on("response", () => (answered = true));
    req.on("error", (error) => (answered ? undefined : failed(error)));
    if (upload === undefined) return req.end(body);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (!answered && sent < upload) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const signUp = (n: number, headers: Record<string, string> = {}, from?: string) =>
  send("/api/trpc/auth.signUp", {
    body: JSON.stringify({ json: { name: `Visitor ${n}`, email: `visitor-${n}-${from ?? "a"}@example.com`, password: "long enough password" } }),
    headers,
    from,
  });

describe("tRPC over HTTP", () => {
  it("answers a sign-up streamed with a 100 MB Content-Length 413 without reading its body", async () => {
    const sent = await send("/api/trpc/auth.signUp", { upload: 100 * 1024 * 1024, headers: { "content-length": String(100 * 1024 * 1024) } });
    expect(sent.status).toBe(413);
    expect(pulled).toBe(0);
  });

  it("answers a chunked 100 MB sign-up 413 after reading at most the cap and a chunk", async () => {
    const sent = await send("/api/trpc/auth.signUp", { upload: 100 * 1024 * 1024, headers: { "transfer-encoding": "chunked" } });
    expect(sent.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(TRPC_MAX_BODY_BYTES + 64 * 1024);
  });

  it("gives contact imports their larger cap, to signed-in callers only", async () => {
    const user = await createTestUser(t.db);
    const csv = `name\n${"x".repeat(3 * 1024 * 1024)}\n`;
    const body = JSON.stringify({ json: { csv } });
    expect(body.length).toBeGreaterThan(TRPC_MAX_BODY_BYTES);
    expect(body.length).toBeLessThan(IMPORT_MAX_BODY_BYTES);

    session = null;
    expect((await send("/api/trpc/contacts.previewCsv", { body })).status).toBe(413);
    session = { user: { id: user.id, email: user.email, name: user.name, sessionVersion: 0 }, expires: new Date(Date.now() + 3_600_000).toISOString() };
    try {
      expect((await send("/api/trpc/contacts.previewCsv", { body })).status).toBe(200);
      // Naming an import next to another procedure does not widen the cap.
      expect((await send("/api/trpc/contacts.previewCsv,auth.signUp?batch=1", { body: JSON.stringify({ 0: { json: { csv } } }) })).status).toBe(413);
    } finally {
      session = null;
    }
  });

  it(`refuses a batch of more than ${TRPC_MAX_BATCH_SIZE} calls`, async () => {
    const batch = (n: number) => {
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: {} }]));
      return `/api/trpc/${Array(n).fill("auth.signUpState").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
    };
    const over = await send(batch(TRPC_MAX_BATCH_SIZE + 1), { method: "GET" });
    expect(over.status).toBe(400);
    expect(over.body).toContain("Batch call exceeds maximum size");
    expect((await send(batch(TRPC_MAX_BATCH_SIZE), { method: "GET" })).status).not.toBe(400);
  });

  it("does not reset the sign-up budget for a client that rotates X-Forwarded-For or fakes the peer header", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= SIGNUP_MAX_PER_HOUR; i++) {
      statuses.push((await signUp(i, { "x-forwarded-for": `203.0.113.${i}`, [PEER_HEADER]: `198.51.100.${i}` })).status);
    }
    expect(statuses.slice(0, SIGNUP_MAX_PER_HOUR)).not.toContain(429);
    expect(statuses[SIGNUP_MAX_PER_HOUR]).toBe(429);
    // Another address has a budget of its own.
    expect((await signUp(0, {}, "127.0.0.2")).status).not.toBe(429);
  });
});
