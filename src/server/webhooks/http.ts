import { BodyTooLargeError, readBodyCapped } from "~/server/http/body";
import { getServices, type Services } from "~/server/services";
import { ingestTelnyxWebhook, MAX_WEBHOOK_BYTES, type IngestDeps, type WebhookChannel } from "./ingest";

// What ingest refuses as too large (and counts as such): one byte over the cap. Shared, so an
// oversized upload costs this one allocation rather than a copy of what was read.
let oversized: Uint8Array | undefined;

/** What ingesting a webhook takes from the container. */
export function ingestDeps(services: Services, channel: WebhookChannel): IngestDeps {
  return {
    db: services.db,
    jobs: services.jobs,
    publicKey: services.config.telnyxPublicKey,
    now: services.now,
    logger: services.logger.child({ webhook: `telnyx.${channel}` }),
  };
}

/** Adapts a Next.js Request to `ingestTelnyxWebhook` (the route files only call this). */
export async function handleTelnyxWebhookRequest(
  request: Request,
  channel: WebhookChannel,
  deps: IngestDeps = ingestDeps(getServices(), channel),
): Promise<Response> {
  let rawBody: Uint8Array;
  try {
    rawBody = await readBodyCapped(request, MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    rawBody = oversized ??= new Uint8Array(MAX_WEBHOOK_BYTES + 1);
  }
  const result = await ingestTelnyxWebhook(deps, { rawBody, headers: request.headers, channel });
  return Response.json(result.body, {
    status: result.status,
    headers: { "cache-control": "no-store", ...(result.status === 413 ? { connection: "close" } : {}) },
  });
}
