import { env } from "~/env";
import { getDb } from "~/server/db";
import { logger } from "~/server/logger";
import { getJobSender } from "~/server/queue/sender";
import { ingestTelnyxWebhook, MAX_WEBHOOK_BYTES, type WebhookChannel } from "./ingest";

/** Adapts a Next.js Request to `ingestTelnyxWebhook` (the route files only call this). */
export async function handleTelnyxWebhookRequest(request: Request, channel: WebhookChannel): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const rawBody =
    declared > MAX_WEBHOOK_BYTES ? new Uint8Array(MAX_WEBHOOK_BYTES + 1) : new Uint8Array(await request.arrayBuffer());
  const result = await ingestTelnyxWebhook(
    { db: getDb(), jobs: getJobSender, publicKey: env.TELNYX_PUBLIC_KEY, logger: logger.child({ webhook: `telnyx.${channel}` }) },
    { rawBody, headers: request.headers, channel },
  );
  return Response.json(result.body, { status: result.status, headers: { "cache-control": "no-store" } });
}
