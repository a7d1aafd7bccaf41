import { getJobSender } from "~/server/queue/sender";
import type { Boss } from "~/server/queue/boss";
import type { JobHandler } from "~/server/queue/worker";
import { processWebhookEvent } from "~/server/telephony/process";
import { getTelephony, type TelephonyProvider } from "~/server/telephony/provider";

export interface WebhooksProcessDeps {
  telnyx: () => TelephonyProvider;
  jobs: () => Promise<Boss>;
  now?: () => Date;
}

export function createWebhooksProcess(deps: WebhooksProcessDeps): JobHandler<"webhooks.process"> {
  return async ({ webhookEventId }, { db, logger }) => {
    await processWebhookEvent(
      { db, logger, telnyx: deps.telnyx(), jobs: deps.jobs, now: deps.now ?? (() => new Date()) },
      webhookEventId,
    );
  };
}

export const webhooksProcess = createWebhooksProcess({ telnyx: getTelephony, jobs: getJobSender });
