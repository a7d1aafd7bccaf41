import type { Db } from "~/server/db";
import { contactName } from "~/server/contacts/counterpart";

/**
 * What the receptionist knows about who is calling, read once when the stream opens: the contact
 * card, summaries of their calls in the last 30 days, open tasks and upcoming events with them.
 * Everything is the call's user's own (every query is scoped by userId).
 */

export interface CallerContext {
  callId: string;
  userId: string;
  userName: string | null;
  timeZone: string;
  personalPhone: string | null;
  /** The caller's number (E.164 when parseable) and the user's number they called. */
  callerNumber: string;
  ourNumber: string;
  phoneNumberId: string | null;
  callControlId: string | null;
  /** The call has ended (a late or replayed stream gets no conversation). */
  ended: boolean;
  /** The number's receptionist settings the prompt uses. */
  number: { businessName: string | null; instructions: string | null };
  contact: {
    id: string;
    name: string;
    company: string | null;
    notes: string | null;
    tags: string[];
  } | null;
  recentCalls: { at: Date; summary: string }[];
  openTasks: { title: string; dueAt: Date | null }[];
  upcomingEvents: { title: string; startsAt: Date }[];
}

const DAY_MS = 86_400_000;

export async function loadCallerContext(db: Db, callId: string, now: Date): Promise<CallerContext | null> {
  const call = await db.call.findUnique({
    where: { id: callId },
    select: {
      id: true,
      userId: true,
      counterpartNumber: true,
      toNumber: true,
      fromNumber: true,
      direction: true,
      phoneNumberId: true,
      telnyxCallControlId: true,
      contactId: true,
      endedAt: true,
      phoneNumber: { select: { businessName: true, receptionistInstructions: true } },
      user: { select: { name: true, timezone: true, personalPhone: true } },
    },
  });
  if (!call) return null;
  const { userId, contactId } = call;
  const [contact, recentCalls, openTasks, upcomingEvents] = contactId
    ? await Promise.all([
        db.contact.findFirst({ where: { id: contactId, userId }, select: { id: true, firstName: true, lastName: true, company: true, notes: true, tags: true } }),
        db.call.findMany({
          where: { userId, contactId, id: { not: callId }, startedAt: { gte: new Date(now.getTime() - 30 * DAY_MS) }, summary: { not: null } },
          orderBy: { startedAt: "desc" },
          take: 10,
          select: { startedAt: true, summary: true },
        }),
        db.task.findMany({
          where: { userId, contactId, status: { not: "done" } },
          orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "desc" }],
          take: 10,
          select: { title: true, dueAt: true },
        }),
        db.calendarEvent.findMany({
          where: { userId, startsAt: { gte: now }, contacts: { some: { contactId } } },
          orderBy: { startsAt: "asc" },
          take: 5,
          select: { title: true, startsAt: true },
        }),
      ])
    : [null, [], [], []];
  return {
    callId: call.id,
    userId,
    userName: call.user.name,
    timeZone: call.user.timezone,
    personalPhone: call.user.personalPhone,
    callerNumber: call.counterpartNumber,
    ourNumber: call.direction === "inbound" ? call.toNumber : call.fromNumber,
    phoneNumberId: call.phoneNumberId,
    callControlId: call.telnyxCallControlId,
    ended: call.endedAt !== null,
    number: { businessName: call.phoneNumber?.businessName ?? null, instructions: call.phoneNumber?.receptionistInstructions ?? null },
    contact: contact
      ? { id: contact.id, name: contactName(contact) ?? contact.firstName, company: contact.company, notes: contact.notes, tags: contact.tags }
      : null,
    recentCalls: recentCalls.map((c) => ({ at: c.startedAt, summary: c.summary ?? "" })),
    openTasks,
    upcomingEvents,
  };
}
