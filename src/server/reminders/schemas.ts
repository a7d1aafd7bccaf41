import { z } from "zod";
import { FIELD_LIMITS, limitedText } from "~/lib/field-limits";

/**
 * Input schemas of the reminders router, shared with the reminder form (pure zod: the browser
 * bundles them). Shape checks only: whether the schedule fires, how often, and whether its time
 * exists in the zone (a DST gap) are checked by schedule.ts on the server, as field errors.
 */

export const REMINDER_KINDS = ["medication", "appointment", "follow_up", "custom", "keep_in_touch", "important_date"] as const;
export const REMINDER_CHANNELS = ["call", "sms", "in_app"] as const;
export const OCCURRENCE_STATES = [
  "scheduled",
  "in_progress",
  "confirmed",
  "delivered",
  "unconfirmed",
  "missed",
  "skipped",
  "escalated",
  "cancelled",
] as const;
export const MAX_ESCALATION_CONTACTS = 3;
export const MAX_ATTEMPTS = 10;
export const MAX_PAGE_SIZE = 100;
/** A schedule may not fire more often than this (a phone call every minute is a bug, not a reminder). */
export const MIN_INTERVAL_MINUTES = 5;

export type ReminderKind = (typeof REMINDER_KINDS)[number];
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
export type OccurrenceState = (typeof OCCURRENCE_STATES)[number];

const kind = z.enum(REMINDER_KINDS, { error: "Choose medication, appointment, follow-up, custom, keep in touch or important date." });
const channel = z.enum(REMINDER_CHANNELS, { error: "Choose call, text or in-app." });

/** "2026-12-07T20:00": a wall-clock time in the reminder's zone (seconds are not kept). */
export const localDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time.");

/** An IANA zone name the runtime knows ("America/New_York"). */
export const timeZone = z
  .string()
  .trim()
  .min(1, "Choose a time zone.")
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "Choose a valid time zone.");

/** The RRULE's body without DTSTART ("FREQ=DAILY;COUNT=10"); "RRULE:" in front is accepted. */
export const rrule = limitedText(FIELD_LIMITS.reminderRrule)
  .transform((v) => v.replace(/^RRULE:/i, "").trim())
  .pipe(z.string().regex(/^FREQ=/i, "A repeat rule starts with FREQ= (for example FREQ=DAILY)."))
  .nullish()
  .transform((v) => v || null);

const fields = {
  kind,
  title: limitedText(FIELD_LIMITS.reminderTitle).min(1, "Enter a title."),
  message: limitedText(FIELD_LIMITS.reminderMessage).min(1, "Enter what the reminder says."),
  language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Choose a language.").default("en-US"),
  /** The person reminded; null or absent: the user themself. */
  contactId: z.string().min(1).nullish(),
  timeZone,
  startsAtLocal: localDateTime,
  rrule,
  channels: z
    .array(channel)
    .min(1, "Choose at least one way to remind.")
    .transform((list) => [...new Set(list)]),
  requireConfirmation: z.boolean().default(true),
  leaveVoicemail: z.boolean().default(false),
  /** Calls talk with the voice agent (needs its three keys; without them, speak-and-press-1). */
  conversational: z.boolean().default(false),
  maxAttempts: z.number().int().min(1, "At least one attempt.").max(MAX_ATTEMPTS, `At most ${MAX_ATTEMPTS} attempts.`).default(3),
  retrySpacingMinutes: z.number().int().min(1, "At least a minute between attempts.").max(1440, "At most a day between attempts.").default(10),
  escalationContactIds: z
    .array(z.string().min(1))
    .max(MAX_ESCALATION_CONTACTS, `Escalate to at most ${MAX_ESCALATION_CONTACTS} contacts.`)
    .transform((list) => [...new Set(list)])
    .default([]),
  keepInTouchDays: z.number().int().min(1, "At least one day.").max(3650, "At most ten years.").nullish(),
};

export const createReminderInput = z.object(fields);
export type CreateReminderInput = z.input<typeof createReminderInput>;
export type CreateReminder = z.output<typeof createReminderInput>;

/** Editing replaces the whole definition (the form always sends all of it). */
export const updateReminderInput = z.object({ id: z.string().min(1), ...fields });
export type UpdateReminderInput = z.input<typeof updateReminderInput>;

export const reminderIdInput = z.object({ id: z.string().min(1) });

/** The next times a schedule fires, for the form's preview. */
export const previewScheduleInput = z.object({ timeZone, startsAtLocal: localDateTime, rrule, count: z.number().int().min(1).max(20).default(5) });

export const listRemindersInput = z.object({
  contactId: z.string().min(1).nullish(),
  kind: kind.nullish(),
  /** Include paused reminders (default) or only active ones. */
  active: z.boolean().nullish(),
  cursor: z.string().min(1).nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

/** Occurrences due in [from, to): the page's "upcoming", the calendar, the dashboard's today. */
export const occurrencesInput = z.object({
  from: z.coerce.date({ error: "Enter a valid start." }),
  to: z.coerce.date({ error: "Enter a valid end." }),
  contactId: z.string().min(1).nullish(),
  kind: kind.nullish(),
  states: z.array(z.enum(OCCURRENCE_STATES)).nullish(),
  cursor: z.string().min(1).nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

/** The longest range `reminders.planned` expands (a calendar's month view shows six weeks). */
export const PLANNED_MAX_DAYS = 62;

/** Times a reminder's schedule will fire in a range, past its next occurrence (the calendar). */
export const plannedInput = z
  .object({
    from: z.coerce.date({ error: "Enter a valid start." }),
    to: z.coerce.date({ error: "Enter a valid end." }),
  })
  .refine((r) => r.to > r.from, { path: ["to"], message: "The end must be after the start." })
  .refine((r) => r.to.getTime() - r.from.getTime() <= PLANNED_MAX_DAYS * 86_400_000, {
    path: ["to"],
    message: `Show at most ${PLANNED_MAX_DAYS} days at once.`,
  });

/** Past occurrences with their attempts, newest first. */
export const historyInput = z.object({
  reminderId: z.string().min(1).nullish(),
  contactId: z.string().min(1).nullish(),
  kind: kind.nullish(),
  cursor: z.string().min(1).nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
});

// Keeping in touch (issue 12, item 6): "stay in touch every N days/weeks" per contact, and
// important dates (birthdays, anniversaries, custom) that create yearly reminders.

export const KEEP_IN_TOUCH_UNITS = ["days", "weeks"] as const;
export type KeepInTouchUnit = (typeof KEEP_IN_TOUCH_UNITS)[number];
/** The longest gap the keep-in-touch control offers: a year (and Reminder.keepInTouchDays allows ten). */
export const MAX_KEEP_IN_TOUCH_DAYS = 365;

export const setKeepInTouchInput = z
  .object({
    contactId: z.string().min(1),
    every: z.number({ error: "Enter a number." }).int("Enter a whole number.").min(1, "At least 1."),
    unit: z.enum(KEEP_IN_TOUCH_UNITS, { error: "Choose days or weeks." }),
  })
  .refine((v) => v.every * (v.unit === "weeks" ? 7 : 1) <= MAX_KEEP_IN_TOUCH_DAYS, {
    path: ["every"],
    message: `At most a year (${MAX_KEEP_IN_TOUCH_DAYS} days or 52 weeks).`,
  });
export type SetKeepInTouchInput = z.input<typeof setKeepInTouchInput>;

export const contactIdInput = z.object({ contactId: z.string().min(1) });

export const CONTACT_DATE_KINDS = ["birthday", "anniversary", "custom"] as const;
export type ContactDateKind = (typeof CONTACT_DATE_KINDS)[number];

/** Days in a month of a leap year: February 29 is a date one may celebrate. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const contactDateFields = z.object({
  kind: z.enum(CONTACT_DATE_KINDS, { error: "Choose birthday, anniversary or custom." }),
  /** Required for a custom date; a birthday or anniversary may have one ("Wedding"). */
  label: limitedText(FIELD_LIMITS.contactDateLabel)
    .nullish()
    .transform((v) => v || null),
  month: z.number({ error: "Choose a month." }).int().min(1, "Choose a month.").max(12, "Choose a month."),
  day: z.number({ error: "Enter a day." }).int("Enter a day.").min(1, "Enter a day.").max(31, "Enter a day."),
  /** The year it began (a birth year), when known. */
  year: z
    .number({ error: "Enter a year." })
    .int("Enter a year.")
    .min(1800, "Enter a year after 1800.")
    .max(2200, "Enter a year before 2200.")
    .nullish()
    .transform((v) => v ?? null),
});

function checkContactDate(v: z.output<typeof contactDateFields>, ctx: z.RefinementCtx) {
  if (v.kind === "custom" && !v.label) ctx.addIssue({ code: "custom", path: ["label"], message: "Name this date." });
  const max = MONTH_DAYS[v.month - 1];
  if (max !== undefined && v.day > max) ctx.addIssue({ code: "custom", path: ["day"], message: `That month has ${max} days.` });
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (v.month === 2 && v.day === 29 && v.year !== null && !leap(v.year)) {
    ctx.addIssue({ code: "custom", path: ["day"], message: `${v.year} has no February 29.` });
  }
}

export const createContactDateInput = contactDateFields.extend({ contactId: z.string().min(1) }).superRefine(checkContactDate);
export type CreateContactDateInput = z.input<typeof createContactDateInput>;
export const updateContactDateInput = contactDateFields.extend({ id: z.string().min(1) }).superRefine(checkContactDate);
export type UpdateContactDateInput = z.input<typeof updateContactDateInput>;
export const contactDateIdInput = z.object({ id: z.string().min(1) });

/** The longest a reminder may go out late after Switchboard was down (beyond it: missed). */
export const MAX_GRACE_MINUTES = 240;
export const reminderSettingsInput = z.object({
  graceMinutes: z
    .number({ error: "Enter a number of minutes." })
    .int("Enter whole minutes.")
    .min(0, "At least 0 minutes (0: never send late).")
    .max(MAX_GRACE_MINUTES, `At most ${MAX_GRACE_MINUTES} minutes.`),
});
