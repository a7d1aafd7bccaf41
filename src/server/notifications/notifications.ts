import type { Db } from "~/server/db";
import type { NotificationType } from "~/generated/prisma/enums";

export interface NewNotification {
  userId: string;
  type: NotificationType;
  title: string;
  body?: string;
  link?: string;
}

export async function createNotification(db: Db, notice: NewNotification) {
  return db.notification.create({ data: notice });
}

export async function unreadNotificationCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export async function sendWelcomeNotification(db: Db, userId: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  // The account may be gone by the time the job runs; nothing to welcome then.
  if (!user) return;
  const already = await db.notification.findFirst({ where: { userId, type: "welcome" }, select: { id: true } });
  if (already) return;
  await createNotification(db, {
    userId,
    type: "welcome",
    title: "Welcome to Switchboard",
    body: "Add your Telnyx number in Settings to start capturing calls and texts.",
    link: "/dashboard",
  });
}

/** Tells the owner of a dead-lettered job that it gave up, when the job belongs to a user. */
export async function notifyJobFailed(db: Db, job: string, payload: unknown): Promise<void> {
  const userId =
    payload && typeof payload === "object" && "userId" in payload && typeof payload.userId === "string"
      ? payload.userId
      : null;
  if (!userId) return;
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return;
  await createNotification(db, {
    userId,
    type: "job_failed",
    title: `Background job failed: ${job}`,
    body: "It was retried and then set aside. Open Jobs to see the error and retry it.",
  });
}
