/**
 * The web app's process: Next.js (dev or production build) behind a plain Node HTTP server that
 * stamps every request with its socket address (src/server/http/web-server.ts), which `next dev`
 * / `next start` cannot do. `npm run dev` / `npm start` run it (scripts/run.ts); on its own:
 * `npm run web` (production build, needs DATABASE_URL). SIGTERM/SIGINT stop it gracefully.
 */
const mode = process.argv[2] === "dev" ? "dev" : "start";
// Next.js and the .env loader both follow NODE_ENV: settle it before either loads.
(process.env as Record<string, string>).NODE_ENV = mode === "dev" ? "development" : "production";
process.env.SWITCHBOARD_PROCESS ??= "web";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
await import("../src/load-env");
export {};

const { env } = await import("~/env").catch((error: unknown) => {
  console.error(error instanceof Error && error.name === "EnvError" ? error.message : error);
  process.exit(1);
});
// Sessions and recording links are signed with it. Without one next-auth refuses every sign-in in
// production, and every web instance must share it (npm start generates one; a process manager
// running this file alone must set it).
if (mode === "start" && !env.NEXTAUTH_SECRET) {
  console.error(
    "NEXTAUTH_SECRET is not set. Set it to the same value on every web instance (openssl rand -base64 32), " +
      "or run `npm start`, which keeps a generated one in .data/.",
  );
  process.exit(1);
}
const { default: next } = await import("next");
const { createWebServer } = await import("~/server/http/web-server");
const { logger } = await import("~/server/logger");

const dev = mode === "dev";
// Requests arrive only once the server listens, which is after Next is prepared.
const prepared: { handle?: ReturnType<ReturnType<typeof next>["getRequestHandler"]> } = {};
const server = createWebServer((req, res) => prepared.handle!(req, res));
// Given the server, Next attaches its own upgrade handler (dev: hot reloading over WebSocket).
const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: env.PORT, httpServer: server });
await app.prepare();
prepared.handle = app.getRequestHandler();

await new Promise<void>((listening, failed) => {
  server.once("error", failed);
  // Unset: every interface (Node's default). Behind a local reverse proxy: 127.0.0.1 only.
  server.listen(env.PORT, env.LISTEN_ADDRESS, () => listening());
});
logger.info({ port: env.PORT, address: env.LISTEN_ADDRESS ?? "all interfaces", mode }, `web app listening on http://${hostForUrl(env.LISTEN_ADDRESS)}:${env.PORT}`);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "web app stopping: finishing requests in flight");
  // New connections are refused; requests in flight finish (for at most 25 s, inside run.ts's
  // 35 s before it kills), idle keep-alive connections close now.
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), 25_000);
  deadline.unref();
  await closed;
  await app.close().catch((error: unknown) => logger.warn({ err: error }, "Next.js did not close cleanly"));
  process.exit(0);
}
process.on("SIGTERM", (signal) => void stop(signal));
process.on("SIGINT", (signal) => void stop(signal));

function hostForUrl(address: string | undefined): string {
  if (!address || address === "0.0.0.0" || address === "::") return "localhost";
  return address.includes(":") ? `[${address}]` : address;
}
