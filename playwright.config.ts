import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./scripts/chromium";
import { FAKE_TELNYX } from "./e2e/fixtures/fake-telnyx";
import { TEST_TELNYX_PUBLIC_KEY } from "./e2e/fixtures/telnyx-test-key";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // The production build (`npm run build`; scripts/e2e.ts runs it) on a fresh embedded database
    // with the demo account seeded (scripts/e2e-server.ts: `npm start` itself never seeds one).
    command: "tsx scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // run.ts starts the web server and the worker in their own process groups: SIGKILL (the
    // default) would stop e2e-server.ts alone and leave them running; SIGTERM stops all of it.
    gracefulShutdown: { signal: "SIGTERM", timeout: 40_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      EMBEDDED_DB_DIR: ".data/e2e/pglite",
      RECORDINGS_DIR: ".data/e2e/recordings",
      EMBEDDED_DB_PORT: String(Number(process.env.E2E_DB_PORT ?? 54339)),
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      NEXTAUTH_URL: baseURL,
      DEMO_EMAIL: "demo@switchboard.test",
      DEMO_PASSWORD: "demo-password-e2e",
      // The demo account is the owner; the other specs sign up freely (admin.spec.ts covers invites).
      SIGNUP_MODE: "open",
      // Every spec signs up its own accounts, all from 127.0.0.1 (the production default is 10).
      SIGNUP_MAX_PER_HOUR: "100",
      // Shows /api/health's details to foundation.spec (strangers see part names only).
      HEALTH_TOKEN: "e2e-health-token-e2e-health-token",
      LOG_LEVEL: "warn",
      // Webhooks signed with the e2e suite's own test-only key are accepted. Calls and texts go
      // to the fake Telnyx API e2e-server.ts starts on E2E_FAKE_TELNYX_PORT (the specs read what
      // it was sent); "not sent: TELNYX_API_KEY not set" is covered by the vitest suites.
      TELNYX_PUBLIC_KEY: TEST_TELNYX_PUBLIC_KEY,
      TELNYX_API_KEY: FAKE_TELNYX.apiKey,
      TELNYX_API_BASE_URL: FAKE_TELNYX.baseURL,
      E2E_FAKE_TELNYX_PORT: String(FAKE_TELNYX.port),
    },
  },
});
