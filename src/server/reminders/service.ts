import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { ReminderChannel } from "~/generated/prisma/enums";
import type { Tx } from "~/server/db";
import { fieldIssues, notFound, type FieldIssue } from "~/server/errors";
import { createdAtCursor, olderThan } from "~/server/pagination";
import type { Services } from "~/server/services";
import { contactDisplayName } from "~/lib/contact-name";
import { scheduleOccurrence, unscheduleFuture } from "./occurrences";
import { nextOccurrence, nextOccurrences, scheduleText, validateSchedule, type ScheduleSpec } from "./schedule";
import type {
  createReminderInput,
  listRemindersInput,
  previewScheduleInput,
  reminderIdInput,
  reminderSettingsInput,
  updateReminderInput,
} from "./schemas";

/** What the reminder services run with: the database, the job queue (occurrence jobs) and the clock. */
export type ReminderServiceDeps = Pick<Services, "db" | "jobs" | "now">;

type CreateInput = z.output<typeof createReminderInput>;
type UpdateInput = z.output<typeof updateReminderInput>;

const contactSelect = { id: true, firstName: true, lastName: true, phones: true } as const;

const reminderSelect = {
  id: true,
  kind: true,
  title: true,
  message: true,
  language: true,
  contactId: true,
  timeZone: true,
  startsAtLocal: true,
  rrule: true,
  channels: true,
  requireConfirmation: true,
  leaveVoicemail: true,
  conversational: true,
  maxAttempts: true,
  retrySpacingMinutes: true,
  keepInTouchDays: true,
  pausedAt: true,
  nextDueAt: true,
  createdAt: true,
  updatedAt: true,
  contact: { select: contactSelect },
} as const satisfies Prisma.ReminderSelect;

type ReminderRow = Prisma.ReminderGetPayload<{ select: typeof reminderSelect }>;

export interface ContactRef {
  id: string;
  name: string;
}

export interface ReminderSummary {
  id: string;
  kind: ReminderRow["kind"];
  title: string;
  message: string;
  contact: ContactRef | null;
  timeZone: string;
  startsAtLocal: string;
  rrule: string | null;
  scheduleText: string;
  channels: ReminderChannel[];
  pausedAt: Date | null;
  nextDueAt: Date | null;
  lastOccurrence: { dueAt: Date; state: string } | null;
}

export function contactRef(contact: { id: string; firstName: string; lastName: string | null } | null): ContactRef | null {
  return contact ? { id: contact.id, name: contactDisplayName(contact) } : null;
}

function specOf(r: Pick<ReminderRow, "timeZone" | "startsAtLocal" | "rrule">): ScheduleSpec {
  return { timeZone: r.timeZone, startsAtLocal: r.startsAtLocal, rrule: r.rrule };
}

/** Words for a stored schedule; a rule that no longer parses is shown as written rather than failing the list. */
function safeScheduleText(r: ScheduleSpec): string {
  try {
    return scheduleText(r);
  } catch {
    return r.rrule ?? r.startsAtLocal;
  }
}

/**
 * Every check that needs the database, all reported together as field errors: the person and the
 * escalation contacts are the user's, and whoever is called or texted has a number.
 */
async function checkPeople(tx: Tx, userId: string, input: CreateInput): Promise<void> {
  const issues: FieldIssue[] = [];
  const needsPhone = input.channels.includes("call") || input.channels.includes("sms");
  if (input.contactId) {
    const contact = await tx.contact.findFirst({ where: { id: input.contactId, userId }, select: contactSelect });
    if (!contact) issues.push({ field: "contactId", message: "Choose one of your contacts." });
    else if (needsPhone && contact.phones.length === 0) {
      issues.push({
        field: "contactId",
        message: `${contactDisplayName(contact)} has no phone number: add one to call or text them, or remind in-app only.`,
      });
    }
  } else if (needsPhone) {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { personalPhone: true } });
    if (!user?.personalPhone) issues.push({ field: "channels", message: "Add your phone in Settings to be called or texted, or remind in-app only." });
  }
  if (input.escalationContactIds.length > 0) {
    const found = await tx.contact.findMany({ where: { id: { in: input.escalationContactIds }, userId }, select: contactSelect });
    if (found.length !== input.escalationContactIds.length) {
      issues.push({ field: "escalationContactIds", message: "Choose escalation contacts among your contacts." });
    } else {
      const noPhone = found.filter((c) => c.phones.length === 0).map(contactDisplayName);
      if (noPhone.length > 0) issues.push({ field: "escalationContactIds", message: `No phone number to text: ${noPhone.join(", ")}.` });
    }
  }
  if (issues.length > 0) throw fieldIssues(issues);
}

function reminderData(input: CreateInput) {
  return {
    kind: input.kind,
    title: input.title,
    message: input.message,
    language: input.language,
    contactId: input.contactId ?? null,
    timeZone: input.timeZone,
    startsAtLocal: input.startsAtLocal,
    rrule: input.rrule,
    channels: input.channels,
    requireConfirmation: input.requireConfirmation,
    leaveVoicemail: input.leaveVoicemail,
    conversational: input.conversational,
    maxAttempts: input.maxAttempts,
    retrySpacingMinutes: input.retrySpacingMinutes,
    keepInTouchDays: input.keepInTouchDays ?? null,
  };
}

async function lockReminder(tx: Tx, userId: string, id: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Reminder" WHERE id = ${id} AND "userId" = ${userId} FOR UPDATE`;
  if (rows.length === 0) throw notFound("Reminder");
  return tx.reminder.findUniqueOrThrow({ where: { id }, select: reminderSelect });
}

/** Schedules the reminder's next occurrence after `after` (none left: nextDueAt null). */
async function scheduleNext(tx: Tx, deps: ReminderServiceDeps, reminder: { id: string; userId: string } & ScheduleSpec, after: Date, now: Date, detail?: string) {
  const dueAt = nextOccurrence(reminder, after);
  if (!dueAt) {
    await tx.reminder.update({ where: { id: reminder.id }, data: { nextDueAt: null } });
    return null;
  }
  return scheduleOccurrence(tx, await deps.jobs(), { reminderId: reminder.id, userId: reminder.userId, dueAt }, now, "scheduled", detail);
}

/** Creates a reminder and, in the same transaction, its first occurrence with the occurrence's job. */
export async function createReminder(deps: ReminderServiceDeps, userId: string, input: CreateInput) {
  const now = deps.now();
  validateSchedule(input, now);
  const boss = await deps.jobs();
  const id = await deps.db.$transaction(async (tx) => {
    await checkPeople(tx, userId, input);
    const reminder = await tx.reminder.create({ data: { userId, ...reminderData(input) }, select: { id: true } });
    if (input.escalationContactIds.length > 0) {
      await tx.reminderEscalation.createMany({
        data: input.escalationContactIds.map((contactId, position) => ({ reminderId: reminder.id, contactId, position })),
      });
    }
    await scheduleNext(tx, { ...deps, jobs: () => Promise.resolve(boss) }, { id: reminder.id, userId, ...input }, now, now);
    return reminder.id;
  });
  return getReminder(deps, userId, { id });
}

/**
 * Replaces a reminder's definition. In one transaction: the future occurrence that no longer fits
 * is cancelled (its job finds it cancelled and does nothing) and the new next one is scheduled;
 * an occurrence already scheduled at the new time is kept, never duplicated.
 */
export async function updateReminder(deps: ReminderServiceDeps, userId: string, input: UpdateInput) {
  const now = deps.now();
  const boss = await deps.jobs();
  await deps.db.$transaction(async (tx) => {
    const before = await lockReminder(tx, userId, input.id);
    const scheduleChanged = before.timeZone !== input.timeZone || before.startsAtLocal !== input.startsAtLocal || before.rrule !== input.rrule;
    validateSchedule(input, now, { requireUpcoming: scheduleChanged });
    await checkPeople(tx, userId, input);
    await tx.reminder.update({ where: { id: input.id }, data: reminderData(input) });
    await tx.reminderEscalation.deleteMany({ where: { reminderId: input.id } });
    if (input.escalationContactIds.length > 0) {
      await tx.reminderEscalation.createMany({
        data: input.escalationContactIds.map((contactId, position) => ({ reminderId: input.id, contactId, position })),
      });
    }
    const next = before.pausedAt ? null : nextOccurrence(input, now);
    await unscheduleFuture(tx, input.id, now, "cancelled", "reminder edited", next);
    if (next) await scheduleOccurrence(tx, boss, { reminderId: input.id, userId, dueAt: next }, now, "scheduled", "reminder edited");
  });
  return getReminder(deps, userId, { id: input.id });
}

/** Pausing skips the scheduled occurrence; nothing is scheduled until resumed. */
export async function pauseReminder(deps: ReminderServiceDeps, userId: string, { id }: z.output<typeof reminderIdInput>) {
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    const reminder = await lockReminder(tx, userId, id);
    if (reminder.pausedAt) return;
    await tx.reminder.update({ where: { id }, data: { pausedAt: now } });
    await unscheduleFuture(tx, id, now, "skipped", "reminder paused");
  });
  return getReminder(deps, userId, { id });
}

/** Resuming schedules the next time after now: what fell due while paused is not sent. */
export async function resumeReminder(deps: ReminderServiceDeps, userId: string, { id }: z.output<typeof reminderIdInput>) {
  const now = deps.now();
  const boss = await deps.jobs();
  await deps.db.$transaction(async (tx) => {
    const reminder = await lockReminder(tx, userId, id);
    if (!reminder.pausedAt) return;
    await tx.reminder.update({ where: { id }, data: { pausedAt: null } });
    await scheduleNext(tx, { ...deps, jobs: () => Promise.resolve(boss) }, { ...reminder, userId }, now, now, "reminder resumed");
  });
  return getReminder(deps, userId, { id });
}

/** Deletes a reminder with its occurrences and attempts; their waiting jobs find nothing and stop. */
export async function deleteReminder(deps: Pick<ReminderServiceDeps, "db">, userId: string, { id }: z.output<typeof reminderIdInput>) {
  const { count } = await deps.db.reminder.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Reminder");
  return { id };
}

/** "Send a test now": an extra occurrence due now, marked as a test, run like any other. */
export async function testReminderNow(deps: ReminderServiceDeps, userId: string, { id }: z.output<typeof reminderIdInput>) {
  const now = deps.now();
  const boss = await deps.jobs();
  const occurrenceId = await deps.db.$transaction(async (tx) => {
    await lockReminder(tx, userId, id);
    return scheduleOccurrence(tx, boss, { reminderId: id, userId, dueAt: now }, now, "test", "sent from the reminder's page");
  });
  if (!occurrenceId) throw notFound("Reminder");
  return { occurrenceId };
}

export async function getReminder(deps: Pick<ReminderServiceDeps, "db">, userId: string, { id }: { id: string }) {
  const reminder = await deps.db.reminder.findFirst({
    where: { id, userId },
    select: {
      ...reminderSelect,
      escalations: { orderBy: { position: "asc" }, select: { contact: { select: contactSelect } } },
    },
  });
  if (!reminder) throw notFound("Reminder");
  const { escalations, contact, ...rest } = reminder;
  return {
    ...rest,
    contact: contactRef(contact),
    scheduleText: safeScheduleText(specOf(reminder)),
    escalationContacts: escalations.map(({ contact: c }) => ({ id: c.id, name: contactDisplayName(c), phone: c.phones[0] ?? null })),
  };
}

export async function listReminders(
  deps: Pick<ReminderServiceDeps, "db">,
  userId: string,
  input: z.output<typeof listRemindersInput>,
): Promise<{ items: ReminderSummary[]; nextCursor: string | null }> {
  const where: Prisma.ReminderWhereInput = {
    userId,
    ...(input.contactId ? { contactId: input.contactId } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.active ? { pausedAt: null } : {}),
    ...(input.cursor ? olderThan(createdAtCursor.decode(input.cursor)) : {}),
  };
  const rows = await deps.db.reminder.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: {
      ...reminderSelect,
      occurrences: { where: { state: { not: "scheduled" } }, orderBy: { dueAt: "desc" }, take: 1, select: { dueAt: true, state: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      message: r.message,
      contact: contactRef(r.contact),
      timeZone: r.timeZone,
      startsAtLocal: r.startsAtLocal,
      rrule: r.rrule,
      scheduleText: safeScheduleText(specOf(r)),
      channels: r.channels,
      pausedAt: r.pausedAt,
      nextDueAt: r.nextDueAt,
      lastOccurrence: r.occurrences[0] ?? null,
    })),
    nextCursor: rows.length > input.limit && last ? createdAtCursor.encode([last.createdAt, last.id]) : null,
  };
}

/** The next times a schedule fires, in words too, with the same field errors as saving it. */
export function previewSchedule(deps: Pick<ReminderServiceDeps, "now">, _userId: string, input: z.output<typeof previewScheduleInput>) {
  const now = deps.now();
  validateSchedule(input, now);
  return { times: nextOccurrences(input, now, input.count).map((t) => t.toISOString()), text: scheduleText(input) };
}


/** The user's grace window: how late a reminder may still go out after Switchboard was down. */
export async function getReminderSettings(deps: Pick<ReminderServiceDeps, "db">, userId: string) {
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { reminderGraceMinutes: true } });
  if (!user) throw notFound("Account");
  return { graceMinutes: user.reminderGraceMinutes };
}

export async function setReminderSettings(deps: Pick<ReminderServiceDeps, "db">, userId: string, input: z.output<typeof reminderSettingsInput>) {
  await deps.db.user.update({ where: { id: userId }, data: { reminderGraceMinutes: input.graceMinutes } });
  return getReminderSettings(deps, userId);
}
