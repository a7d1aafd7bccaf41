import { notifyJobFailed } from "~/server/notifications/notifications";
import type { DeadLetterHandler, JobHandlers } from "~/server/queue/worker";
import { markWebhookFailed } from "~/server/telephony/process";
import { notificationsWelcome } from "./notifications-welcome";
import { recordingFetch } from "./recording-fetch";
import { webhooksProcess } from "./webhooks-process";

export const handlers: JobHandlers = {
  "notifications.welcome": notificationsWelcome,
  "webhooks.process": webhooksProcess,
  "recording.fetch": recordingFetch,
};

export const onDeadLetter: DeadLetterHandler = async (job, payload, { db }) => {
  if (job === "webhooks.process" && payload && typeof payload === "object" && "webhookEventId" in payload) {
    await markWebhookFailed(db, String(payload.webhookEventId));
  }
  await notifyJobFailed(db, job, payload);
};
