import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import {
  addDaysIn,
  isDateOnly,
  isMidnightIn,
  parseTime,
  startOfDayIn,
  type TimeValue,
} from "~/lib/zoned-time";
import { keepInTouchAfterContact, type TouchDeps } from "~/server/reminders/keep-in-touch";
import { userTimeZone } from "./user-zone";
import type { createEventInput, listEventsInput, updateEventInput } from "./schemas";

/** Longest range `list` answers (a year view plus margins). */
export const MAX_RANGE_DAYS = 400;
/** At most this many events come back from one `list` call (`truncated` says when more matched). */
export const MAX_LIST_EVENTS = 2000;

const eventSelect = {
  id: true,
  title: true,
  description: true,
  location: true,
  startsAt: true,
  endsAt: true,
  allDay: true,
  reminderMinutes: true,
  createdAt: true,
  updatedAt: true,
  contacts: {
    select: { contact: { select: { id: true, firstName: true, lastName: true, company: true } } },
    orderBy: { createdAt: "asc" },
  },
} as const satisfies Prisma.CalendarEventSelect;

type EventRow = Prisma.CalendarEventGetPayload<{ select: typeof eventSelect }>;

function present({ contacts, ...event }: EventRow) {
  return { ...event, contacts: contacts.map((link) => link.contact) };
}
export type CalendarEventView = ReturnType<typeof present>;

/** Normalises start/end (see `createEventInput`); throws a field error on `endsAt` when the end is not after the start. */
export function resolveEventTimes(
  input: { startsAt: TimeValue; endsAt?: TimeValue | null; allDay: boolean },
  timeZone: string,
): { startsAt: Date; endsAt: Date | null } {
  if (!input.allDay) {
    const startsAt = parseTime(input.startsAt, timeZone);
    const endsAt = input.endsAt == null ? null : parseTime(input.endsAt, timeZone);
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw fieldError("endsAt", "The end must be after the start.");
    return { startsAt, endsAt };
  }
  const startsAt = startOfDayIn(parseTime(input.startsAt, timeZone), timeZone);
  let endsAt: Date;
  if (input.endsAt == null) {
    endsAt = addDaysIn(startsAt, 1, timeZone);
  } else if (isDateOnly(input.endsAt)) {
    endsAt = addDaysIn(parseTime(input.endsAt, timeZone), 1, timeZone);
  } else {
    const end = parseTime(input.endsAt, timeZone);
    endsAt = isMidnightIn(end, timeZone) ? end : addDaysIn(startOfDayIn(end, timeZone), 1, timeZone);
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw fieldError("endsAt", "The event must end on or after the day it starts.");
  }
  return { startsAt, endsAt };
}

/** Throws a field error on `field` unless every id is one of the user's contacts; returns the ids de-duplicated. */
export async function assertOwnContacts(tx: Tx | Db, userId: string, ids: readonly string[], field: string) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const found = await tx.contact.count({ where: { userId, id: { in: unique } } });
  if (found !== unique.length) {
    throw fieldError(field, unique.length === 1 ? "That contact does not exist." : "One or more contacts do not exist.");
  }
  return unique;
}

export async function listEvents({ db }: { db: Db }, userId: string, input: z.output<typeof listEventsInput>) {
  const timeZone = await userTimeZone(db, userId);
  const from = parseTime(input.from, timeZone);
  const to = parseTime(input.to, timeZone);
  if (to.getTime() <= from.getTime()) throw fieldError("to", "The end of the range must be after its start.");
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw fieldError("to", `Ask for at most ${MAX_RANGE_DAYS} days at a time.`);
  }
  // Overlap with [from, to): starts before the range ends and ends after it starts; an event
  // without an end is a point in time, inside the range when it starts inside it.
  const where: Prisma.CalendarEventWhereInput = {
    userId,
    startsAt: { lt: to },
    OR: [{ endsAt: { gt: from } }, { endsAt: null, startsAt: { gte: from } }],
    ...(input.contactId ? { contacts: { some: { contactId: input.contactId } } } : {}),
  };
  const rows = await db.calendarEvent.findMany({
    where,
    select: eventSelect,
    orderBy: [{ startsAt: "asc" }, { allDay: "desc" }, { title: "asc" }, { id: "asc" }],
    take: MAX_LIST_EVENTS + 1,
  });
  return {
    items: rows.slice(0, MAX_LIST_EVENTS).map(present),
    truncated: rows.length > MAX_LIST_EVENTS,
    from,
    to,
    timeZone,
  };
}

export async function getEvent({ db }: { db: Db }, userId: string, { id }: { id: string }) {
  const row = await db.calendarEvent.findFirst({ where: { id, userId }, select: eventSelect });
  if (!row) throw notFound("Event");
  return present(row);
}

/**
 * An event with contacts counts as being in touch with them: their keep-in-touch reminders are
 * re-anchored in the event's transaction (moved forward by a new or later event, back when the
 * event that was the last touch moves earlier, loses them or is deleted).
 */
type EventDeps = { db: Db } & TouchDeps;

async function reanchorKeepInTouch(deps: TouchDeps, tx: Tx, userId: string, contactIds: Iterable<string>) {
  const now = deps.now?.() ?? new Date();
  for (const contactId of new Set(contactIds)) await keepInTouchAfterContact(deps, tx, userId, contactId, now);
}

export async function createEvent(deps: EventDeps, userId: string, input: z.output<typeof createEventInput>) {
  const { db } = deps;
  const timeZone = await userTimeZone(db, userId);
  const times = resolveEventTimes(input, timeZone);
  const row = await db.$transaction(async (tx) => {
    const contactIds = await assertOwnContacts(tx, userId, input.contactIds, "contactIds");
    const created = await tx.calendarEvent.create({
      data: {
        userId,
        title: input.title,
        description: input.description,
        location: input.location,
        allDay: input.allDay,
        reminderMinutes: input.reminderMinutes ?? null,
        ...times,
        contacts: { create: contactIds.map((contactId) => ({ contactId })) },
      },
      select: eventSelect,
    });
    await reanchorKeepInTouch(deps, tx, userId, contactIds);
    return created;
  });
  return present(row);
}

export async function updateEvent(deps: EventDeps, userId: string, input: z.output<typeof updateEventInput>) {
  const { db } = deps;
  const timeZone = await userTimeZone(db, userId);
  const row = await db.$transaction(async (tx) => {
    const existing = await tx.calendarEvent.findFirst({
      where: { id: input.id, userId },
      select: { startsAt: true, endsAt: true, allDay: true, contacts: { select: { contactId: true } } },
    });
    if (!existing) throw notFound("Event");
    const timesChanged = input.startsAt !== undefined || input.endsAt !== undefined || input.allDay !== undefined;
    const times = timesChanged
      ? resolveEventTimes(
          {
            startsAt: input.startsAt ?? existing.startsAt,
            endsAt: input.endsAt !== undefined ? input.endsAt : existing.endsAt,
            allDay: input.allDay ?? existing.allDay,
          },
          timeZone,
        )
      : {};
    const contactIds =
      input.contactIds === undefined ? undefined : await assertOwnContacts(tx, userId, input.contactIds, "contactIds");
    const updated = await tx.calendarEvent.update({
      where: { id: input.id },
      data: {
        title: input.title,
        description: input.description,
        location: input.location,
        allDay: input.allDay,
        reminderMinutes: input.reminderMinutes,
        ...times,
        ...(contactIds === undefined
          ? {}
          : { contacts: { deleteMany: {}, create: contactIds.map((contactId) => ({ contactId })) } }),
      },
      select: eventSelect,
    });
    // Its contacts before and after: one it lost may have had this as the last touch.
    await reanchorKeepInTouch(deps, tx, userId, [...existing.contacts.map((c) => c.contactId), ...updated.contacts.map((c) => c.contact.id)]);
    return updated;
  });
  return present(row);
}

export async function deleteEvent(deps: EventDeps, userId: string, { id }: { id: string }) {
  await deps.db.$transaction(async (tx) => {
    const links = await tx.calendarEventContact.findMany({ where: { eventId: id, event: { userId } }, select: { contactId: true } });
    const result = await tx.calendarEvent.deleteMany({ where: { id, userId } });
    if (result.count === 0) throw notFound("Event");
    await reanchorKeepInTouch(deps, tx, userId, links.map((l) => l.contactId));
  });
  return { id };
}
