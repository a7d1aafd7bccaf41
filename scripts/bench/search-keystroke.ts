/**
 * Keystroke to rendered results in Chromium (issue 14's "p95 ≤ 150 ms"), the browser half of
 * `npm run bench -- search`: scripts/bench/search.ts calls `benchKeystroke` once it has seeded and
 * measured its embedded database, and this starts the production build's web process
 * (server/web.ts, as `npm start` runs it, without the worker and the voice process) on that same
 * database, gives the seeded user a password (the product's own setPassword), signs in in
 * Chromium, opens the ⌘K palette with Ctrl+K and types queries character by character with
 * human-like gaps.
 *
 * In the page, a capture `keydown` listener stamps each key (performance.now()) and the `input`
 * event that follows names the text it produced (trimmed, as the palette searches it); a
 * MutationObserver watches the result list's `data-results-for` (the query whose results it
 * shows, set by the palette) and stamps the next animation frame after it changes. Reported:
 *  - perKeystrokeMs: for each keystroke whose text (trimmed) is new and whose results for exactly
 *    that text were rendered: keydown → that frame. Keystrokes whose results were never shown
 *    because the next key came first (the debounce, or a response overtaken) are "superseded"
 *    and counted, not timed; keystrokes that leave the trimmed text unchanged (a space) neither.
 *  - lastKeystrokeToFinalMs: per query, the last keydown → the frame showing its final results.
 *  - breakdownMs (keystrokes timed above that sent a request): keydown → request start (debounce
 *    and React), the request (network, tRPC, server), response end → frame (JSON, React, layout),
 *    from the page's resource timing of /api/trpc search.query.
 * A screenshot of the palette with results goes to BENCH_KEYSTROKE_SCREENSHOT.
 *
 * Skipped (`{ skipped: why }`), never failing the bench, without Chromium (scripts/chromium.ts)
 * or a production build (.next/BUILD_ID: `npm run build`).
 *
 * Environment:
 *  - BENCH_KEYSTROKE (default 1; 0 skips it).
 *  - BENCH_KEYSTROKE_QUERIES: queries typed (default 30), after BENCH_KEYSTROKE_WARMUP (default 3)
 *    untimed ones that warm the server and the page.
 *  - BENCH_KEYSTROKE_GAP_MS: the gap between keys, "min-max" (default "80-150"), uniform,
 *    from a fixed seed (the same keys and gaps every run).
 *  - BENCH_KEYSTROKE_SCREENSHOT: where the palette's screenshot goes (default
 *    /tmp/search-keystroke-palette.png; "" for none).
 *  - BENCH_KEYSTROKE_PORT: the web process's port (default: a free one).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Page } from "@playwright/test";
import { chromiumExecutable } from "../chromium";
import type { Db } from "../../src/server/db";
import { setPassword } from "../../src/server/accounts/passwords";
import { PALETTE_DEBOUNCE_MS } from "../../src/components/search/search-meta";
import { percentile, round } from "./stats";

const ENABLED = process.env.BENCH_KEYSTROKE !== "0";
const QUERIES = Number(process.env.BENCH_KEYSTROKE_QUERIES ?? 30);
const WARMUP = Number(process.env.BENCH_KEYSTROKE_WARMUP ?? 3);
const [GAP_MIN, GAP_MAX] = (process.env.BENCH_KEYSTROKE_GAP_MS ?? "80-150").split("-").map(Number) as [number, number];
const SCREENSHOT = process.env.BENCH_KEYSTROKE_SCREENSHOT ?? "/tmp/search-keystroke-palette.png";
const GOAL_P95_MS = 150;
/** How long the final results of a query may take before it counts as not rendered. */
const FINAL_TIMEOUT_MS = 10_000;

const root = resolve(import.meta.dirname, "..", "..");

export interface KeystrokeQuery {
  kind: string;
  q: string;
}

interface KeyRecord {
  t: number;
  text: string | null;
}
interface RenderRecord {
  text: string;
  committed: number;
  frame: number;
}
interface RequestRecord {
  text: string;
  start: number;
  end: number;
}
interface PageRecords {
  keys: KeyRecord[];
  renders: RenderRecord[];
  requests: RequestRecord[];
}

/** What `why` a keystroke bench cannot run here, or null. */
function missing(): string | null {
  if (!ENABLED) return "BENCH_KEYSTROKE=0";
  if (!chromiumExecutable()) return "no Chromium (apt-get install chromium, or set CHROMIUM_PATH)";
  if (!existsSync(resolve(root, ".next", "BUILD_ID"))) return "no production build (run `npm run build` first)";
  return null;
}

function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A small deterministic PRNG (mulberry32): the same gaps every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
};

/** The production build's web process on `databaseUrl`; resolves once it serves /sign-in. */
async function startWeb(databaseUrl: string, port: number): Promise<{ child: ChildProcess; origin: string; output: string[] }> {
  const origin = `http://localhost:${port}`;
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", resolve(root, "server", "web.ts"), "start"], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      NEXTAUTH_URL: origin,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      output.push(line);
      if (output.length > 200) output.shift();
    });
  }
  try {
    await untilServing(child, origin, output);
  } catch (error) {
    await stopWeb(child);
    throw error;
  }
  return { child, origin, output };
}

async function untilServing(child: ChildProcess, origin: string, output: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the web process exited (${child.signalCode ?? child.exitCode}):\n${output.slice(-20).join("\n")}`);
    }
    try {
      // (Not /api/health: it answers 503 without the worker, which this does not start.)
      const response = await fetch(`${origin}/sign-in`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the web process did not serve ${origin}/sign-in within 120 s:\n${output.slice(-20).join("\n")}`);
}

async function stopWeb(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Installed in the page once: stamps keys, renders of the result list and search requests. A
 * string, not a function: tsx's transpiled functions may call helpers the page does not have.
 */
const INSTRUMENT = String.raw`(() => {
  if (window.__keystroke) return;
  let lastShown = null;
  const records = {
    keys: [],
    renders: [],
    requests: [],
    reset() {
      records.keys = [];
      records.renders = [];
      records.requests = [];
      lastShown = null;
    },
  };
  window.__keystroke = records;
  const isPaletteInput = (target) => target instanceof HTMLInputElement && target.hasAttribute("cmdk-input");
  document.addEventListener("keydown", (event) => {
    if (isPaletteInput(event.target) && event.key.length === 1 && !event.ctrlKey && !event.metaKey) records.keys.push({ t: performance.now(), text: null });
  }, true);
  document.addEventListener("input", (event) => {
    const last = records.keys.at(-1);
    if (isPaletteInput(event.target) && last && last.text === null) last.text = event.target.value.trim();
  }, true);
  new MutationObserver(() => {
    const list = document.querySelector("[cmdk-list]");
    const shown = list ? list.getAttribute("data-results-for") : null;
    if (shown === lastShown) return;
    lastShown = shown;
    if (shown === null) return;
    const render = { text: shown, committed: performance.now(), frame: 0 };
    records.renders.push(render);
    requestAnimationFrame(() => { render.frame = performance.now(); });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-results-for"] });
  performance.setResourceTimingBufferSize(100000);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.name.includes("/api/trpc/") || !entry.name.includes("search.query")) continue;
      const input = new URL(entry.name).searchParams.get("input");
      if (!input) continue;
      try {
        for (const call of Object.values(JSON.parse(input))) {
          const q = call && call.json && call.json.q;
          if (typeof q === "string") records.requests.push({ text: q.trim(), start: entry.startTime, end: entry.responseEnd });
        }
      } catch {}
    }
  }).observe({ type: "resource", buffered: true });
})()`;

async function signIn(page: Page, origin: string, email: string, password: string) {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Password").press("Enter");
  await page.waitForURL(/\/dashboard$/, { timeout: 60_000 });
}

async function openPalette(page: Page) {
  // Hydrated once the header's search button shows its shortcut.
  await page.getByRole("banner").getByRole("button", { name: "Search" }).locator("kbd").filter({ hasText: /K$/ }).waitFor();
  await page.keyboard.press("Control+k");
  await page.locator("[cmdk-input]").waitFor();
  await page.waitForFunction(() => document.activeElement?.hasAttribute("cmdk-input") === true);
}

/** Types `q` key by key into the open palette, waits for its final results; the page's records. */
async function typeQuery(page: Page, q: string, gap: () => number): Promise<PageRecords & { final: boolean }> {
  await page.evaluate(() => (window as unknown as { __keystroke: { reset(): void } }).__keystroke.reset());
  for (const [i, ch] of [...q].entries()) {
    if (i) await sleep(gap());
    await page.keyboard.type(ch);
  }
  const final = await page
    .waitForFunction(
      (text) => {
        const records = (window as unknown as { __keystroke: PageRecords }).__keystroke;
        const last = records.keys.at(-1);
        return Boolean(last && records.renders.some((r) => r.text === text && r.frame > 0 && r.committed >= last.t));
      },
      q.trim(),
      { timeout: FINAL_TIMEOUT_MS, polling: 50 },
    )
    .then(
      () => true,
      () => false,
    );
  // Late responses for earlier texts (none should show) and the last frame stamps.
  await sleep(200);
  const records = await page.evaluate(() => {
    const { keys, renders, requests } = (window as unknown as { __keystroke: PageRecords }).__keystroke;
    return { keys, renders, requests };
  });
  return { ...records, final };
}

interface QueryResult {
  q: string;
  kind: string;
  keystrokes: number;
  unchanged: number;
  timed: { ms: number; requestStart: number | null; request: number | null; toFrame: number | null; cached: boolean }[];
  superseded: number;
  requests: number;
  lastToFinal: number | null;
  missingKeys: number;
  /** Every search request of the query: its text's length and how long it took. */
  requestMs: { length: number; ms: number }[];
}

/** Matches the page's records of one query: per keystroke, the first render of its text after it. */
function analyse(kind: string, q: string, records: PageRecords & { final: boolean }): QueryResult {
  const result: QueryResult = { q, kind, keystrokes: 0, unchanged: 0, timed: [], superseded: 0, requests: records.requests.length, lastToFinal: null, missingKeys: 0,
    requestMs: records.requests.map((r) => ({ length: [...r.text].length, ms: r.end - r.start })),
  };
  const renderAfter = (text: string, t: number) => records.renders.find((r) => r.text === text && r.committed >= t && r.frame > 0);
  let previous: string | null = "";
  result.missingKeys = [...q].length - records.keys.length;
  for (const key of records.keys) {
    result.keystrokes++;
    if (key.text === null || key.text === previous) {
      result.unchanged++;
      previous = key.text ?? previous;
      continue;
    }
    previous = key.text;
    // Each text occurs once in a query (keys only add characters): its results shown at all.
    const render = renderAfter(key.text, key.t);
    if (!render) {
      result.superseded++;
      continue;
    }
    const request = records.requests.find((r) => r.text === key.text && r.start >= key.t && r.end <= render.committed + 1);
    result.timed.push({
      ms: render.frame - key.t,
      requestStart: request ? request.start - key.t : null,
      request: request ? request.end - request.start : null,
      toFrame: request ? render.frame - request.end : null,
      cached: !request,
    });
  }
  const last = records.keys.at(-1);
  if (last && records.final) {
    const text = q.trim();
    const render = renderAfter(text, last.t);
    if (render) result.lastToFinal = render.frame - last.t;
  }
  return result;
}

/**
 * The keystroke benchmark on `databaseUrl` (already seeded), as the user `userId` with `email`:
 * `queries` are typed in turn (the first WARMUP untimed). `{ skipped }` when it cannot run here.
 */
export async function benchKeystroke(options: {
  databaseUrl: string;
  db: Db;
  userId: string;
  email: string;
  queries: KeystrokeQuery[];
}): Promise<Record<string, unknown>> {
  const why = missing();
  if (why) return { skipped: why };
  const { chromium } = await import("@playwright/test");
  const password = `bench-${randomBytes(9).toString("base64url")}`;
  if (!(await setPassword(options.db, options.userId, password))) throw new Error(`no user ${options.userId} to sign in as`);

  // The job queues the app expects (npm start installs them before it starts the web process).
  const { createBoss, installQueues } = await import("../../src/server/queue/boss");
  const boss = createBoss(options.databaseUrl, "sender");
  await boss.start();
  await installQueues(boss);
  await boss.stop({ graceful: false });

  const port = Number(process.env.BENCH_KEYSTROKE_PORT ?? 0) || (await freePort());
  console.error(`search: keystroke bench, starting the web process on port ${port}…`);
  const started = performance.now();
  const web = await startWeb(options.databaseUrl, port);
  const webStartMs = Math.round(performance.now() - started);
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, web.origin, options.email, password);
    await page.evaluate(INSTRUMENT);
    await page.waitForLoadState("networkidle").catch(() => {});

    const rand = random(14);
    const gap = () => Math.round(GAP_MIN + rand() * (GAP_MAX - GAP_MIN));
    const queries = options.queries.slice(0, WARMUP + QUERIES);
    const results: QueryResult[] = [];
    let screenshot: string | null = null;
    console.error(`search: typing ${queries.length} queries (${WARMUP} warm-up) in Chromium…`);
    for (const [i, { kind, q }] of queries.entries()) {
      await openPalette(page);
      const records = await typeQuery(page, q, gap);
      if (i >= WARMUP) results.push(analyse(kind, q, records));
      if (SCREENSHOT && !screenshot && i >= WARMUP && records.final && kind.startsWith("name")) {
        await page.screenshot({ path: SCREENSHOT });
        screenshot = SCREENSHOT;
      }
      await page.keyboard.press("Escape");
      await page.locator("[cmdk-input]").waitFor({ state: "detached" });
    }

    const timed = results.flatMap((r) => r.timed);
    const fetched = timed.filter((t) => !t.cached);
    const finals = results.map((r) => r.lastToFinal);
    const perKeystroke = stats(timed.map((t) => t.ms));
    const byKind = new Map<string, number[]>();
    for (const r of results) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), ...r.timed.map((t) => t.ms)]);
    return {
      what:
        "keydown (capture listener) → the animation frame after the palette's result list shows results for exactly the text that key produced (trimmed); superseded keystrokes (their results never shown before the next key's) are counted, not timed",
      debounceMs: PALETTE_DEBOUNCE_MS,
      requests: "one search in flight at a time; the newest text once it answers (useSearchWhenIdle)",
      gapBetweenKeysMs: { min: GAP_MIN, max: GAP_MAX },
      queries: results.length,
      warmUpQueries: Math.min(WARMUP, queries.length),
      keystrokes: results.reduce((n, r) => n + r.keystrokes, 0),
      keystrokesTextUnchanged: results.reduce((n, r) => n + r.unchanged, 0),
      keystrokesTimed: timed.length,
      keystrokesFromCache: timed.length - fetched.length,
      keystrokesSuperseded: results.reduce((n, r) => n + r.superseded, 0),
      keystrokesNotSeen: results.reduce((n, r) => n + r.missingKeys, 0),
      searchRequests: results.reduce((n, r) => n + r.requests, 0),
      perKeystrokeMs: perKeystroke,
      goalP95Ms: GOAL_P95_MS,
      meetsGoal: perKeystroke.n > 0 && perKeystroke.p95 <= GOAL_P95_MS,
      lastKeystrokeToFinalMs: stats(finals.filter((ms): ms is number => ms !== null)),
      queriesWithoutFinalResults: finals.filter((ms) => ms === null).length,
      breakdownMs: {
        keydownToRequestStart: stats(fetched.map((t) => t.requestStart!)),
        request: stats(fetched.map((t) => t.request!)),
        responseEndToFrame: stats(fetched.map((t) => t.toFrame!)),
      },
      // Every request, timed or not, by the length of its text (short prefixes match the most rows).
      requestMsByTextLength: Object.fromEntries(
        [
          ["1", 1, 1],
          ["2-3", 2, 3],
          ["4-7", 4, 7],
          ["8+", 8, Infinity],
        ].map(([name, min, max]) => [
          name,
          stats(results.flatMap((r) => r.requestMs.filter((x) => x.length >= (min as number) && x.length <= (max as number)).map((x) => x.ms))),
        ]),
      ),
      perKeystrokeByKindMs: Object.fromEntries([...byKind].map(([kind, ms]) => [kind, stats(ms)])),
      webStartMs,
      screenshot,
    };
  } finally {
    await browser.close().catch(() => {});
    await stopWeb(web.child);
  }
}
