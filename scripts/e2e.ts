/**
 * `npm run test:e2e`: the production build, then Playwright. Its web server (scripts/e2e-server.ts)
 * starts a fresh embedded database, migrates it, seeds the demo account and runs `npm start` on it;
 * after one build, `npx playwright test <spec>` repeats just the tests.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { chromiumExecutable } from "./chromium";

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!chromiumExecutable() && !existsPlaywrightChromium()) {
  console.error(
    "\nNo Chromium found for the end-to-end tests.\n" +
      "Install Debian's: apt-get update && apt-get install -y chromium   (gives /usr/bin/chromium)\n" +
      "or set CHROMIUM_PATH to a Chromium/Chrome binary.\n",
  );
  process.exit(1);
}

function existsPlaywrightChromium(): boolean {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

run("npm", ["run", "build"]);
run("npx", ["playwright", "test", ...process.argv.slice(2)]);
