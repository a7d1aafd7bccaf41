import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { contentSecurityPolicy } from "~/lib/content-security-policy";
import { proxy } from "./proxy";

const SECRET = process.env.NEXTAUTH_SECRET!;

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(" ")];
    }),
  );
}

async function sessionCookie(name: string) {
  const token = await encode({ token: { sub: "user-1", email: "a@example.test" }, secret: SECRET });
  return `${name}=${token}`;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("contentSecurityPolicy", () => {
  it("allows only nonced scripts in production, with the rest locked to this origin", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123==", dev: false, https: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(policy.get("style-src")).toBe("'self' 'unsafe-inline'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("media-src")).toBe("'self' blob:");
    expect(policy.get("connect-src")).toBe("'self'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("adds what next dev needs, and upgrade-insecure-requests on https", () => {
    const dev = directives(contentSecurityPolicy({ nonce: "n", dev: true, https: false }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("connect-src")).toBe("'self' ws:");
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("proxy", () => {
  it("puts a fresh nonce in the CSP of every page, on the response and on the request Next.js renders", async () => {
    const first = await proxy(new NextRequest("http://localhost:3000/sign-in"));
    const second = await proxy(new NextRequest("http://localhost:3000/sign-in"));
    const policy = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    // NextResponse.next({ request: { headers } }) hands overridden request headers to Next.js this way.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends signed-out visitors of app pages to sign-in, with the CSP, and lets sign-in and sign-up through", async () => {
    const redirected = await proxy(new NextRequest("http://localhost:3000/calls/abc?tab=transcript"));
    expect(redirected.status).toBe(307);
    const location = new URL(redirected.headers.get("location")!);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe("/calls/abc?tab=transcript");
    expect(redirected.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");

    for (const path of ["/sign-in", "/sign-up", "/sign-up?invite=x"]) {
      expect((await proxy(new NextRequest(`http://localhost:3000${path}`))).headers.get("location"), path).toBeNull();
    }
    const signedIn = new NextRequest("http://localhost:3000/dashboard", { headers: { cookie: await sessionCookie("next-auth.session-token") } });
    expect((await proxy(signedIn)).headers.get("location")).toBeNull();
  });

  it("on an https public URL adds HSTS and reads the __Secure- session cookie", async () => {
    vi.stubEnv("NEXTAUTH_URL", "https://switchboard.example");
    const page = await proxy(new NextRequest("https://switchboard.example/sign-in"));
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");

    const plainCookie = new NextRequest("https://switchboard.example/dashboard", { headers: { cookie: await sessionCookie("next-auth.session-token") } });
    expect((await proxy(plainCookie)).headers.get("location")).toContain("/sign-in");
    const secureCookie = new NextRequest("https://switchboard.example/dashboard", {
      headers: { cookie: await sessionCookie("__Secure-next-auth.session-token") },
    });
    expect((await proxy(secureCookie)).headers.get("location")).toBeNull();
  });
});
