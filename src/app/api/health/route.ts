import { getServerAuthSession } from "~/server/auth";
import { checkHealth, handleHealthRequest, sharedHealthCheck } from "~/server/health";
import { getServices } from "~/server/services";

export const dynamic = "force-dynamic";

const check = sharedHealthCheck(() => checkHealth(getServices()));

/** 200 when the database, migrations, worker and queue are all fine; 503 naming what is not (details: owner or HEALTH_TOKEN). */
export function GET(request: Request) {
  return handleHealthRequest(request, { check, session: getServerAuthSession, healthToken: getServices().config.health.token });
}
