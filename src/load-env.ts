/**
 * Loads `.env` / `.env.local` (and their `.env.development*` / `.env.production*` variants) into
 * process.env the way Next.js does for the web app, so every other entry point — `npm run dev` /
 * `npm start`, the worker, `db:migrate`, `db:server`, `db:seed`, prisma.config, the benchmarks —
 * sees the same configuration. Import it FIRST: `~/env` validates process.env when it is
 * imported, so anything loaded later would be missed.
 *
 * Real environment variables win over the files (@next/env never overwrites a set variable).
 * Relative imports only: prisma.config.ts is loaded by Prisma's own loader, without our paths.
 */
import { resolve } from "node:path";
import nextEnv from "@next/env";

/** Where the .env files live: the project root, or SWITCHBOARD_ENV_DIR (e.g. /etc/switchboard). */
export const envDir = resolve(process.env.SWITCHBOARD_ENV_DIR ?? resolve(import.meta.dirname, ".."));

/** The files that were read, relative to envDir, for a startup line. */
export let loadedEnvFiles: string[] = [];

// Under vitest each test sets its environment explicitly: a developer's .env (a real
// TELNYX_API_KEY, say) must not change what a test sees.
if (!process.env.VITEST) {
  const dev = process.env.NODE_ENV !== "production";
  const { loadedEnvFiles: files } = nextEnv.loadEnvConfig(envDir, dev, {
    // Success is reported by the entry point that wants to (run.ts); a malformed file is not silent.
    info: () => undefined,
    error: (...args: unknown[]) => console.error("[env]", ...args),
  });
  loadedEnvFiles = files.map((file) => file.path);
}
