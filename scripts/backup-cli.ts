/** What db:backup and db:restore print the same way. */
import { resolve } from "node:path";
import type { Env } from "~/env";

/** Progress lines on stderr, each with the seconds since the start. */
export function progressPrinter(): (message: string) => void {
  const started = Date.now();
  return (message) => console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/** Where the recordings are, for the real-PostgreSQL instructions. */
export function recordingsSummary(e: Pick<Env, "S3_BUCKET" | "RECORDINGS_DIR">): string {
  return e.S3_BUCKET
    ? `in the S3 bucket ${e.S3_BUCKET}: back it up with the bucket's own versioning or replication.`
    : `files under ${resolve(e.RECORDINGS_DIR)}: copy that directory too, e.g. tar czf recordings.tar.gz -C '${resolve(e.RECORDINGS_DIR)}' .`;
}

/** The validated environment, or its message and exit 1 (a script's misconfiguration, not a crash). */
export async function loadEnvOrExit(): Promise<Env> {
  return import("~/env").then(
    (module) => module.env,
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
