import { notifyJobFailed } from "~/server/notifications/notifications";
import { stageGaveUp } from "~/server/pipeline/run";
import { stageOfJob } from "~/server/pipeline/stages";
import type { DeadLetterHandler, JobHandlers } from "~/server/queue/worker";
import { markWebhookFailed } from "~/server/telephony/process";
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

function callJobOf(payload: unknown): { callId: string; userId: string } | null {
  if (!payload || typeof payload !== "object") return null;
  const { callId, userId } = payload as Record<string, unknown>;
  return typeof callId === "string" && typeof userId === "string" ? { callId, userId } : null;
}

export const onDeadLetter: DeadLetterHandler = async (job, payload, { db }) => {
  if (job === "webhooks.process" && payload && typeof payload === "object" && "webhookEventId" in payload) {
    await markWebhookFailed(db, String(payload.webhookEventId));
  }
  const stage = stageOfJob(job);
  const callJob = callJobOf(payload);
  // A pipeline stage tells the owner on its call (with the error and a re-run button) instead.
  if (stage && callJob) await stageGaveUp(db, stage, callJob);
  else await notifyJobFailed(db, job, payload);
};
