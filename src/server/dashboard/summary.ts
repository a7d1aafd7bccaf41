import { startOfWeek } from "date-fns";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import { contactDisplayName } from "~/lib/contact-name";
import { inZone } from "~/lib/zoned-time";
import { dailyCallVolume, hourlyHeatmap, sentimentBreakdown } from "./activity";
import { dashboardGreeting } from "./greeting";
import { upcomingImportantDates } from "~/server/reminders/important-dates";
import { keepInTouchDue } from "~/server/reminders/keep-in-touch";
import { contactsToReconnect, RELATIONSHIP_LIST_SIZE, topContacts } from "./relationships";

/** Everything the dashboard shows, for one user; every query is scoped by userId. */
export async function dashboardSummary(deps: { db: Db; now: () => Date }, userId: string) {
  const { db } = deps;
  const now = deps.now();
  // Read fresh rather than from the session, which keeps the name the user signed in with;
  // the zone decides what "this week", "a day" and "an hour of the day" are.
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true, email: true, timezone: true, createdAt: true } });
  if (!user) throw notFound("Account");
  const timeZone = user.timezone;
  const weekStart = new Date(startOfWeek(inZone(now, timeZone), { weekStartsOn: 1 }).getTime());

  const [
    contacts,
    callsThisWeek,
    openTasks,
    upcomingEvents,
    unreadNotifications,
    recentCalls,
    upcomingTasks,
    top,
    reconnect,
    keepInTouch,
    importantDates,
    callVolume,
    sentiment,
    heatmap,
  ] = await Promise.all([
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
    topContacts(db, userId),
    contactsToReconnect(db, userId, now),
    // The reconnect card's other two lists: keep-in-touch due or overdue, important dates this week.
    keepInTouchDue(db, userId, timeZone, now, RELATIONSHIP_LIST_SIZE),
    upcomingImportantDates(db, userId, timeZone, now, RELATIONSHIP_LIST_SIZE),
    dailyCallVolume(db, userId, timeZone, now),
    sentimentBreakdown(db, userId, timeZone, now),
    hourlyHeatmap(db, userId, timeZone, now),
  ]);

  return {
    user: { name: user.name, email: user.email, timeZone },
    greeting: dashboardGreeting(user, now),
    counts: { contacts, callsThisWeek, openTasks, upcomingEvents, unreadNotifications },
    recentCalls: recentCalls.map(({ contact, ...call }) => ({
      ...call,
      contactName: contact ? contactDisplayName(contact) : null,
    })),
    upcomingTasks,
    topContacts: top,
    reconnect,
    keepInTouch,
    importantDates,
    callVolume,
    sentiment,
    heatmap,
  };
}
