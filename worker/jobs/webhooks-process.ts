import type { JobHandler } from "~/server/queue/worker";
import type { Services } from "~/server/services";
import { processWebhookEvent, webhookDeps } from "~/server/webhooks/process";

/** What processing a webhook takes from the container (the job gives the db and logger). */
export type WebhooksProcessServices = Pick<Services, "telephony" | "jobs" | "voice" | "now"> & Partial<Pick<Services, "config">>;

export function createWebhooksProcess(services: WebhooksProcessServices): JobHandler<"webhooks.process"> {
  return async ({ webhookEventId }, { db, logger }) => {
    await processWebhookEvent(webhookDeps({ ...services, db }, logger), webhookEventId);
  };
}
