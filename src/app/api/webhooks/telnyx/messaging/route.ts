import { handleTelnyxWebhookRequest } from "~/server/webhooks/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Telnyx Messaging webhooks: verified, stored, queued; processed by the worker. */
export function POST(request: Request) {
  return handleTelnyxWebhookRequest(request, "messaging");
}
