import { z } from "zod";
import { FIELD_LIMITS, limitedText } from "~/lib/field-limits";
import { isTimeString } from "~/lib/zoned-time";

/** Input schemas of the calendar router, shared with the event form (pure zod: the browser bundles them). */

/** Four weeks. */
export const MAX_REMINDER_MINUTES = 40_320;
export const MAX_EVENT_CONTACTS = 100;

/**
 * A point in time as input: a Date (superjson), an ISO string with an offset, or a wall-clock
 * string in the user's zone ("2025-03-04" or "2025-03-04T14:30").
 */
export function timeInput(message = "Enter a valid date and time.") {
  return z.union([z.date({ error: message }), z.string({ error: message }).trim()], { error: message }).refine(
    (value) => (value instanceof Date ? !Number.isNaN(value.getTime()) : isTimeString(value)),
    message,
  );
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

const fields = {
  title: limitedText(FIELD_LIMITS.eventTitle).min(1, "Enter a title."),
  description: optionalText(FIELD_LIMITS.eventDescription, "The description"),
  location: optionalText(FIELD_LIMITS.eventLocation, "The location"),
  startsAt: timeInput("Enter a valid start."),
  endsAt: timeInput("Enter a valid end.").nullish(),
  allDay: z.boolean(),
  reminderMinutes: z
    .number({ error: "Enter a number of minutes." })
    .int("Enter whole minutes.")
    .min(0, "Use 0 or more minutes.")
    .max(MAX_REMINDER_MINUTES, `Use at most ${MAX_REMINDER_MINUTES} minutes (4 weeks).`)
    .nullish(),
  contactIds: z
    .array(z.string().min(1))
    .max(MAX_EVENT_CONTACTS, `Link at most ${MAX_EVENT_CONTACTS} contacts.`),
};

/**
 * All-day events: `startsAt` names the first day and `endsAt` the LAST day (inclusive) when it
 * is a date ("2025-03-04"); they are stored as zone-local midnights with an exclusive end (the
 * midnight after the last day). An instant that already is a midnight is taken as that
 * exclusive end, so sending back what `get` returned changes nothing. Timed events store the
 * instants given; `endsAt` may be omitted (a point in time) and must be after `startsAt`.
 */
export const createEventInput = z.object({
  ...fields,
  allDay: fields.allDay.default(false),
  contactIds: fields.contactIds.default([]),
});
export type CreateEventInput = z.input<typeof createEventInput>;

export const updateEventInput = z.object({
  id: z.string().min(1),
  title: fields.title.optional(),
  description: fields.description.optional(),
  location: fields.location.optional(),
  startsAt: fields.startsAt.optional(),
  endsAt: fields.endsAt,
  allDay: fields.allDay.optional(),
  reminderMinutes: fields.reminderMinutes,
  /** When given, replaces the event's contacts. */
  contactIds: fields.contactIds.optional(),
});
export type UpdateEventInput = z.input<typeof updateEventInput>;

export const listEventsInput = z.object({
  /** Range start (inclusive); a date means that day's midnight in the user's zone. */
  from: timeInput("Enter a valid start of the range."),
  /** Range end (exclusive). */
  to: timeInput("Enter a valid end of the range."),
  contactId: z.string().min(1).optional(),
});
export type ListEventsInput = z.input<typeof listEventsInput>;

export const eventIdInput = z.object({ id: z.string().min(1) });
