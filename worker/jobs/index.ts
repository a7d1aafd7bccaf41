import { notifyJobFailed } from "~/server/notifications/notifications";
import { stageGaveUp } from "~/server/pipeline/run";
import { stageEntry, stageOfJob } from "~/server/pipeline/table";
import { jobDefinitions } from "~/server/queue/jobs";
import type { DeadLetterHandler, JobHandlers } from "~/server/queue/worker";
import { markWebhookFailed } from "~/server/webhooks/process";
import { contactsRescoreStale } from "./contacts-rescore-stale";
import { notificationsWelcome } from "./notifications-welcome";
import { createPipelineHandlers, pipelineServicesFromEnv } from "./pipeline";
import { webhooksProcess } from "./webhooks-process";

export const handlers: JobHandlers = {
  "notifications.welcome": notificationsWelcome,
  "webhooks.process": webhooksProcess,
  "contacts.rescore-stale": contactsRescoreStale,
  ...createPipelineHandlers(pipelineServicesFromEnv),
};

export const onDeadLetter: DeadLetterHandler = async (job, payload, { db }) => {
  if (job === "webhooks.process" && payload && typeof payload === "object" && "webhookEventId" in payload) {
    await markWebhookFailed(db, String(payload.webhookEventId));
  }
  const stage = stageOfJob(job);
  const callJob = stage ? jobDefinitions[stageEntry(stage).job].payload.safeParse(payload) : null;
  // A pipeline stage tells the owner on its call (with the error and a re-run button) instead.
  if (stage && callJob?.success) await stageGaveUp(db, stage, callJob.data);
  else await notifyJobFailed(db, job, payload);
};
