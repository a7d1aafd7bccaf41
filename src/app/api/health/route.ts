import { env, requireDatabaseUrl } from "~/env";
import { getServerAuthSession } from "~/server/auth";
import { pendingMigrations } from "~/server/db/migrator";
import { checkHealth, handleHealthRequest, sharedHealthCheck } from "~/server/health";
import { getServices } from "~/server/services";

export const dynamic = "force-dynamic";

const check = sharedHealthCheck(() =>
  checkHealth({
    db: getServices().db,
    pendingMigrations: () => pendingMigrations(requireDatabaseUrl()),
    workerStaleAfterSeconds: env.WORKER_STALE_AFTER_SECONDS,
  }),
);

/** 200 when the database, migrations, worker and queue are all fine; 503 naming what is not (details: owner or HEALTH_TOKEN). */
export function GET(request: Request) {
  return handleHealthRequest(request, { check, session: getServerAuthSession, healthToken: env.HEALTH_TOKEN });
}
