import { existsSync } from "node:fs";

/** Debian's chromium when installed (CI installs it), else Playwright's own browser if present. */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}
