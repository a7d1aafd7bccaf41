import type { NextRequest } from "next/server";
import { getServerAuthSession } from "~/server/auth";
import { clientIp } from "~/server/auth/client-ip";
import { logger } from "~/server/logger";
import { serveRecording } from "~/server/recordings";
import { getServices } from "~/server/services";

// Per-user, audited, range-dependent answers: never prerendered or cached; files and S3 need Node.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Recording playback by signed link (docs/flows.md#recording-playback); see serveRecording. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const query = request.nextUrl.searchParams;
  try {
    const services = getServices();
    const session = await getServerAuthSession();
    const ip = clientIp(request.headers, services.config.trustedProxyHops);
    return await serveRecording({
      db: services.db,
      storage: services.storage,
      secret: services.config.recordingUrlSecret,
      callId: id,
      sessionUserId: session?.user?.id ?? null,
      exp: query.get("exp"),
      sig: query.get("sig"),
      rangeHeader: request.headers.get("range"),
      ip: ip === "unknown" ? null : ip,
      userAgent: request.headers.get("user-agent"),
      download: query.get("download") === "1",
      now: services.now(),
    });
  } catch (error) {
    logger.error({ err: error, callId: id }, "recording playback failed");
    return Response.json({ error: "Something went wrong on our side." }, { status: 500, headers: { "cache-control": "no-store" } });
  }
}
