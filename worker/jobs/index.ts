import { notifyJobFailed } from "~/server/notifications/notifications";
import { stageGaveUp } from "~/server/pipeline/run";
import { stageEntry, stageOfJob } from "~/server/pipeline/table";
import { jobDefinitions } from "~/server/queue/jobs";
import type { DeadLetterHandler, JobHandlers } from "~/server/queue/worker";
import type { Services } from "~/server/services";
import { markWebhookFailed } from "~/server/webhooks/process";
import { contactsRescoreStale } from "./contacts-rescore-stale";
import { notificationsWelcome } from "./notifications-welcome";
import { createPipelineHandlers } from "./pipeline";
import { createRemindersHandlers, reminderAttemptGaveUp } from "./reminders";
import { createSearchHandlers, searchEmbedGaveUp } from "./search";
import { createWebhooksProcess } from "./webhooks-process";

/** Every queue's handler, with the container the worker built once (tests pass one with fakes). */
export function createHandlers(services: Services): JobHandlers {
  return {
    "notifications.welcome": notificationsWelcome,
    "webhooks.process": createWebhooksProcess(services),
    "contacts.rescore-stale": contactsRescoreStale,
    ...createPipelineHandlers(services),
    ...createRemindersHandlers(services),
    ...createSearchHandlers(services),
  };
}

export const onDeadLetter: DeadLetterHandler = async (job, payload, ctx) => {
  const { db } = ctx;
  // A reminder attempt that never got through fails, so its occurrence retries or escalates.
  if (job === "reminders.attempt" && (await reminderAttemptGaveUp(payload, ctx))) return;
  // The sweep re-sends search.embed every minute: one keyed notice, not one per dead letter.
  if (job === "search.embed" && (await searchEmbedGaveUp(payload, ctx))) return;
  if (job === "webhooks.process" && payload && typeof payload === "object" && "webhookEventId" in payload) {
    await markWebhookFailed(db, String(payload.webhookEventId));
  }
  const stage = stageOfJob(job);
  const callJob = stage ? jobDefinitions[stageEntry(stage).job].payload.safeParse(payload) : null;
  // A pipeline stage tells the owner on its call (with the error and a re-run button) instead.
  if (stage && callJob?.success) await stageGaveUp(db, stage, callJob.data);
  else await notifyJobFailed(db, job, payload);
};
