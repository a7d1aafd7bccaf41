import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decode } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { WARM_ROUTES, warmRoutes, warmUpSessionCookie } from "./dev-warm-up";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((listening) => probe.listen(0, "127.0.0.1", listening));
  const { port } = probe.address() as AddressInfo;
  await new Promise((closed) => probe.close(closed));
  return port;
}

function listen(port: number, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  servers.push(server);
  return new Promise((listening) => server.listen(port, "127.0.0.1", () => listening(server)));
}

describe("warmRoutes", () => {
  it("waits for the server to answer, then requests each main page once, in order, with the cookie", async () => {
    const port = await freePort();
    const seen: { path: string; cookie: string | undefined }[] = [];
    // The dev server comes up a moment after the warm-up starts.
    setTimeout(() => {
      void listen(port, (req, res) => {
        seen.push({ path: req.url ?? "", cookie: req.headers.cookie });
        if (req.url === "/") {
          res.writeHead(307, { location: "/dashboard" });
          return res.end();
        }
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html></html>");
      });
    }, 400);

    const result = await warmRoutes(`http://127.0.0.1:${port}`, { cookie: "next-auth.session-token=abc", retryEveryMs: 50 });
    expect(result).toEqual({ warmed: [...WARM_ROUTES], failed: [] });
    // A static file says the server is up (nothing to compile); then the pages, in order.
    expect(seen.map((r) => r.path)).toEqual(["/favicon.svg", "/sign-in", "/", "/dashboard", "/calls", "/contacts"]);
    expect(seen.every((r) => r.cookie === "next-auth.session-token=abc")).toBe(true);
  });

  it("ignores pages that fail (an error page, a dropped connection, one that never answers) and goes on", async () => {
    const server = await listen(0, (req, res) => {
      if (req.url === "/dashboard") {
        res.writeHead(500);
        return res.end("compile error");
      }
      if (req.url === "/calls") return req.socket.destroy();
      if (req.url === "/contacts") return; // never answers
      res.writeHead(200);
      res.end("ok");
    });
    const { port } = server.address() as AddressInfo;
    const result = await warmRoutes(`http://127.0.0.1:${port}`, { requestTimeoutMs: 300, routes: ["/sign-in", "/dashboard", "/calls", "/contacts", "/tasks"] });
    // A 500 is an answer: the page was compiled (or the terminal shows why not).
    expect(result).toEqual({ warmed: ["/sign-in", "/dashboard", "/tasks"], failed: ["/calls", "/contacts"] });
  });

  it("gives up quietly when the server never answers", async () => {
    const port = await freePort();
    const started = Date.now();
    const result = await warmRoutes(`http://127.0.0.1:${port}`, { readyTimeoutMs: 300, retryEveryMs: 50 });
    expect(result).toEqual({ warmed: [], failed: [...WARM_ROUTES] });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("warmUpSessionCookie", () => {
  const secret = "warm-up-test-secret-warm-up-test-secret";
  const owner = { id: "user-1", email: "owner@example.test", name: "Olive", role: "owner" as const, sessionVersion: 3 };

  it("is next-auth's session cookie for the owner, as signing in would issue it, short-lived", async () => {
    const cookie = await warmUpSessionCookie(owner, { secret, https: false });
    const name = cookie.slice(0, cookie.indexOf("="));
    expect(name).toBe("next-auth.session-token");
    const token = await decode({ token: cookie.slice(name.length + 1), secret });
    expect(token).toMatchObject({ sub: "user-1", email: "owner@example.test", sessionVersion: 3, role: "owner" });
    expect(token!.exp as number).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 15 * 60 + 1);
  });

  it("uses the __Secure- name when the public URL is https", async () => {
    expect(await warmUpSessionCookie(owner, { secret, https: true })).toMatch(/^__Secure-next-auth\.session-token=/);
  });
});
