import { get as httpGet } from "node:http";
import { encode } from "next-auth/jwt";

/**
 * `npm run dev` compiles each page on its first request, which takes a while (minutes on a small
 * machine), so whoever opens the app first would wait for it. Once the web server answers, the
 * pages a new user opens first are requested once, one after another, in the background: by the
 * time someone clicks through, they are compiled. Only an optimisation, so every failure is
 * ignored. Development only (`npm start` serves a production build, nothing to compile).
 */

/** Sign-in first: it is the page a new visitor lands on. Then the app's main pages. */
export const WARM_ROUTES: readonly string[] = ["/sign-in", "/", "/dashboard", "/calls", "/contacts"];

export interface WarmUpOptions {
  routes?: readonly string[];
  /** Sent with every request: a session, so signed-in pages render instead of redirecting to sign-in. */
  cookie?: string;
  /** How long to wait for the server to answer at all. */
  readyTimeoutMs?: number;
  /** Between tries while nothing answers yet. */
  retryEveryMs?: number;
  /** Per page: a first compile can take minutes. */
  requestTimeoutMs?: number;
}

export interface WarmUpResult {
  /** Pages that answered (any status: the page was compiled either way, or the answer says why not). */
  warmed: string[];
  /** Pages that did not answer (timeout, connection closed); or all of them if the server never came up. */
  failed: string[];
}

/** A static file: it answers as soon as the server listens, without compiling anything. */
const READY_PROBE = "/favicon.svg";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One GET read to the end (a page is only fully rendered, and compiled, once its stream is done).
 * node:http rather than fetch: fetch gives up on headers after five minutes, and a first compile
 * on a busy machine can take longer.
 */
function get(url: string, options: WarmUpOptions, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // Redirects are not followed: "/" leads to /dashboard, which is requested anyway.
    const req = httpGet(url, { headers: options.cookie ? { cookie: options.cookie } : {}, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

export async function warmRoutes(origin: string, options: WarmUpOptions = {}): Promise<WarmUpResult> {
  const routes = options.routes ?? WARM_ROUTES;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 600_000);
  // Wait until the server answers at all (Next.js listens once it is prepared).
  for (;;) {
    try {
      await get(`${origin}${READY_PROBE}`, options, 5_000);
      break;
    } catch {
      if (Date.now() >= deadline) return { warmed: [], failed: [...routes] };
      await sleep(options.retryEveryMs ?? 1_000);
    }
  }
  const result: WarmUpResult = { warmed: [], failed: [] };
  for (const route of routes) {
    try {
      await get(`${origin}${route}`, options, options.requestTimeoutMs ?? 900_000);
      result.warmed.push(route);
    } catch {
      result.failed.push(route);
    }
  }
  return result;
}

/** Who the warm-up renders the pages as (the instance's owner, as the database has them). */
export interface WarmUpUser {
  id: string;
  email: string;
  name: string | null;
  role: "owner" | "member";
  sessionVersion: number;
}

/**
 * A session cookie for `user`, valid for a few minutes, shaped like the one signing in gives
 * (src/server/auth/config.ts: sub, sessionVersion, role), so the pages render as they will for
 * the owner. It exists only in this process and is only ever sent to the local dev server.
 */
export async function warmUpSessionCookie(user: WarmUpUser, options: { secret: string; https: boolean; maxAgeSeconds?: number }): Promise<string> {
  const token = await encode({
    token: { sub: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, role: user.role },
    secret: options.secret,
    maxAge: options.maxAgeSeconds ?? 15 * 60,
  });
  // The same name next-auth uses: __Secure- prefixed when the public URL is https.
  return `${options.https ? "__Secure-" : ""}next-auth.session-token=${token}`;
}

/**
 * run.ts's hook: renders the main pages as the instance's owner (public pages only while there
 * is none) and says in one line what it did. Never throws; the dev server is unaffected.
 */
export async function warmUpDevServer(options: {
  origin: string;
  databaseUrl: string;
  secret: string;
  https: boolean;
  log: (message: string) => void;
}): Promise<void> {
  try {
    const started = Date.now();
    const owner = await findOwner(options.databaseUrl).catch(() => null);
    const cookie = owner ? await warmUpSessionCookie(owner, options) : undefined;
    const { warmed, failed } = await warmRoutes(options.origin, { cookie });
    const seconds = Math.round((Date.now() - started) / 1000);
    if (warmed.length) options.log(`compiled ${warmed.join(", ")} in the background (${seconds} s): first page loads are quick now`);
    if (failed.length) options.log(`could not warm ${failed.join(", ")} (ignored: they compile on first use)`);
  } catch {
    // An optimisation only.
  }
}

async function findOwner(databaseUrl: string): Promise<WarmUpUser | null> {
  const { createDb } = await import("~/server/db");
  const db = createDb(databaseUrl, { max: 1 });
  try {
    return await db.user.findFirst({
      where: { role: "owner", disabledAt: null },
      select: { id: true, email: true, name: true, role: true, sessionVersion: true },
    });
  } finally {
    await db.$disconnect();
  }
}
