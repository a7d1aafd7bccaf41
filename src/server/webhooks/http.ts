import { BodyTooLargeError, readBodyCapped } from "~/server/http/body";
import { getServices, type Services } from "~/server/services";
import { createInlineSlots, processInline, type InlineSlots } from "./inline";
import { ingestTelnyxWebhook, MAX_WEBHOOK_BYTES, type IngestDeps, type WebhookChannel } from "./ingest";

// What ingest refuses as too large (and counts as such): one byte over the cap. Shared, so an
// oversized upload costs this one allocation rather than a copy of what was read.
let oversized: Uint8Array | undefined;

// This process's budget for processing call events as they arrive (see inline.ts).
const inlineSlots = createInlineSlots();

/** What the route needs: ingest's dependencies, and the container to process claimed events. */
export interface WebhookRouteDeps extends IngestDeps {
  services?: Services;
  inline?: InlineSlots;
}

/** What ingesting a webhook takes from the container. */
export function ingestDeps(services: Services, channel: WebhookChannel): WebhookRouteDeps {
  return {
    services,
    inline: inlineSlots,
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
  deps: WebhookRouteDeps = ingestDeps(getServices(), channel),
): Promise<Response> {
  let rawBody: Uint8Array;
  try {
    rawBody = await readBodyCapped(request, MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    rawBody = oversized ??= new Uint8Array(MAX_WEBHOOK_BYTES + 1);
  }
  const { services, logger } = deps;
  // Claiming an event for this process only makes sense with what processing it takes.
  const canProcess = services && logger ? deps.inline : undefined;
  const result = await ingestTelnyxWebhook({ ...deps, inline: canProcess }, { rawBody, headers: request.headers, channel });
  // Not awaited: Telnyx gets its 200 now; the commands follow as soon as they are planned.
  if (result.inline && services && logger && canProcess) void processInline(services, logger, result.inline, canProcess.processing);
  return Response.json(result.body, {
    status: result.status,
    headers: { "cache-control": "no-store", ...(result.status === 413 ? { connection: "close" } : {}) },
  });
}
