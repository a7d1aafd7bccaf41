import { env, requireDatabaseUrl } from "~/env";
import { getDb } from "~/server/db";
import { pendingMigrations } from "~/server/db/migrator";
import { checkHealth } from "~/server/health";

export const dynamic = "force-dynamic";

/** 200 when the database, migrations, worker and queue are all fine; 503 naming what is not. */
export async function GET() {
  const report = await checkHealth({
    db: getDb(),
    pendingMigrations: () => pendingMigrations(requireDatabaseUrl()),
    workerStaleAfterSeconds: env.WORKER_STALE_AFTER_SECONDS,
  });
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
