import { sendWelcomeNotification } from "~/server/notifications/notifications";
import type { JobHandler } from "~/server/queue/worker";

export const notificationsWelcome: JobHandler<"notifications.welcome"> = async ({ userId }, { db }) => {
  await sendWelcomeNotification(db, userId);
};
