import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./scripts/chromium";

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
    // A production build on a throwaway embedded database (scripts/e2e.ts builds and wipes it).
    command: "tsx scripts/run.ts start",
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      EMBEDDED_DB_DIR: ".data/e2e/pglite",
      EMBEDDED_DB_PORT: String(Number(process.env.E2E_DB_PORT ?? 54339)),
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      NEXTAUTH_URL: baseURL,
      DEMO_EMAIL: "demo@switchboard.test",
      DEMO_PASSWORD: "demo-password-e2e",
      LOG_LEVEL: "warn",
    },
  },
});
