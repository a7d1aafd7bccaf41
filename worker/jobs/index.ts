import { notifyJobFailed } from "~/server/notifications/notifications";
import type { DeadLetterHandler, JobHandlers } from "~/server/queue/worker";
import { notificationsWelcome } from "./notifications-welcome";

export const handlers: JobHandlers = {
  "notifications.welcome": notificationsWelcome,
};

export const onDeadLetter: DeadLetterHandler = async (job, payload, { db }) => {
  await notifyJobFailed(db, job, payload);
};
