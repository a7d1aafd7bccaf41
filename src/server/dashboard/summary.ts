import { startOfWeek } from "date-fns";
import type { Db } from "~/server/db";

/** Everything the dashboard shows, for one user; every query is scoped by userId. */
export async function dashboardSummary(db: Db, userId: string, now: Date = new Date()) {
  const weekStart = startOfWeek(now, { weekStartsOn: 1 });
  const [contacts, callsThisWeek, openTasks, upcomingEvents, unreadNotifications, recentCalls, upcomingTasks] =
    await Promise.all([
      db.contact.count({ where: { userId } }),
      db.call.count({ where: { userId, startedAt: { gte: weekStart } } }),
      db.task.count({ where: { userId, status: { in: ["todo", "in_progress"] } } }),
      db.calendarEvent.count({ where: { userId, startsAt: { gte: now } } }),
      db.notification.count({ where: { userId, readAt: null } }),
      db.call.findMany({
        where: { userId },
        orderBy: { startedAt: "desc" },
        take: 5,
        select: {
          id: true,
          direction: true,
          status: true,
          counterpartNumber: true,
          startedAt: true,
          durationSeconds: true,
          contact: { select: { firstName: true, lastName: true } },
        },
      }),
      db.task.findMany({
        where: { userId, status: { in: ["todo", "in_progress"] } },
        orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
        take: 5,
        select: { id: true, title: true, dueAt: true, priority: true },
      }),
    ]);

  return {
    counts: { contacts, callsThisWeek, openTasks, upcomingEvents, unreadNotifications },
    recentCalls: recentCalls.map(({ contact, ...call }) => ({
      ...call,
      contactName: contact ? [contact.firstName, contact.lastName].filter(Boolean).join(" ") : null,
    })),
    upcomingTasks,
  };
}
