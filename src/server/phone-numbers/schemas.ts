import { z } from "zod";
import { FIELD_LIMITS, limitedText } from "~/lib/field-limits";

/** Input schemas of the phone-numbers router, shared with the number and personal-phone forms. */

export const id = z.string().min(1).max(64);

export const phoneNumberIdInput = z.object({ id });

export const personalPhoneInput = z.object({
  /** null or "" clears it. */
  personalPhone: limitedText(FIELD_LIMITS.phone).nullable(),
});

const telnyxId = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  .regex(/^[A-Za-z0-9_.:-]*$/, "Use only letters, digits, '-', '_', '.' and ':' (copy it from Telnyx).")
  .transform((v) => (v === "" ? null : v))
  .nullish();

const label = limitedText(FIELD_LIMITS.numberLabel)
  .transform((v) => (v === "" ? null : v))
  .nullish();

export const createPhoneNumberInput = z.object({
  /** Any format; stored E.164 (the owner's default region applies to numbers without +country). */
  number: limitedText(FIELD_LIMITS.phone).min(1, "Enter the number."),
  label,
  /** Without TELNYX_API_KEY only: with a key, the ids come from the Telnyx account. */
  connectionId: telnyxId,
  messagingProfileId: telnyxId,
  /** Whom calls and texts to it reach (default: the owner adding it). */
  userId: id.optional(),
});

export const updatePhoneNumberInput = z.object({ id, label, connectionId: telnyxId, messagingProfileId: telnyxId });

export const assignPhoneNumberInput = z.object({ id, userId: id });

export const availableNumbersInput = z.object({
  /** Digits the number contains (Telnyx's filter needs at least three). */
  search: z
    .string()
    .trim()
    .max(30, "Use at most 30 characters.")
    .regex(/^[\d\s()+.-]*$/, "Type digits of the number.")
    .refine((v) => {
      const digits = v.replace(/\D/g, "").length;
      return digits === 0 || digits >= 3;
    }, "Type at least three digits.")
    .optional(),
});

// ─────────────────────────── receptionist settings ───────────────────────────
// Per number (Settings → Receptionist; receptionist.ts): when the voice agent answers, the
// business hours, what it is told, and the greeting and voicemail prompt callers hear.

/** The values of the ReceptionistMode enum (prisma/schema.prisma), in the order Settings lists them. */
export const RECEPTIONIST_MODES = ["off", "always", "no_answer", "after_hours"] as const;
export type ReceptionistModeName = (typeof RECEPTIONIST_MODES)[number];

/** no_answer: how long the user's phone rings before the agent answers. */
export const ANSWER_AFTER_SECONDS = { min: 5, max: 60, default: 20 } as const;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};
/** Date.getDay() (0 = Sunday) → weekday key. */
export const WEEKDAY_OF_DAY: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Open intervals a day may have (a split shift, a lunch break, an evening slot: 4 is plenty). */
export const MAX_INTERVALS_PER_DAY = 4;

export type OpenInterval = {
  /** "HH:MM", 00:00–23:59, in the user's time zone. */
  start: string;
  /** "HH:MM" after `start`; "24:00" is midnight at the end of the day. */
  end: string;
};
/** Weekly hours: each weekday's open intervals, sorted, not overlapping; an empty list is closed. */
export type BusinessHours = Record<Weekday, OpenInterval[]>;

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of "HH:MM" ("24:00" → 1440), or null for anything else. */
export function minutesOf(time: string): number | null {
  if (time === "24:00") return 24 * 60;
  const m = CLOCK.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

const intervalInput = z.object({
  start: z.string({ error: "Business hours: enter a start time." }).trim(),
  end: z.string({ error: "Business hours: enter an end time." }).trim(),
});
/** A weekday's open intervals; missing or empty: closed. */
const dayInput = z.array(intervalInput).optional();

/**
 * Weekly business hours. A day a night shift crosses is not one interval: an interval ends after
 * it starts on the same day, so 22:00–02:00 is refused and written as 22:00–24:00 on one day and
 * 00:00–02:00 on the next. An end of 00:00 (what a time input shows for midnight) is read as
 * 24:00. Intervals that touch (09:00–12:00, 12:00–17:00) are fine; overlapping ones are refused.
 * The output has every weekday, its intervals sorted by start.
 */
export const businessHoursInput = z
  .object({ mon: dayInput, tue: dayInput, wed: dayInput, thu: dayInput, fri: dayInput, sat: dayInput, sun: dayInput })
  .transform((days, ctx): BusinessHours => {
    const out = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as OpenInterval[]])) as BusinessHours;
    for (const day of WEEKDAYS) {
      const name = WEEKDAY_NAMES[day];
      const list = days[day] ?? [];
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: [day], message: `Business hours: ${message}` });
      if (list.length > MAX_INTERVALS_PER_DAY) {
        issue(`${name} has more than ${MAX_INTERVALS_PER_DAY} intervals.`);
        continue;
      }
      const parsed: { start: number; end: number; text: string }[] = [];
      let ok = true;
      for (const { start, end: rawEnd } of list) {
        const end = rawEnd === "00:00" ? "24:00" : rawEnd;
        const from = start === "24:00" ? null : minutesOf(start);
        const to = minutesOf(end);
        if (start === "" || rawEnd === "") {
          issue(`${name} needs a start and an end time.`);
          ok = false;
        } else if (from === null) {
          issue(`${name} "${start.slice(0, 10)}" is not a start time: use HH:MM, like 09:00.`);
          ok = false;
        } else if (to === null) {
          issue(`${name} "${rawEnd.slice(0, 10)}" is not an end time: use HH:MM, like 17:00.`);
          ok = false;
        } else if (to <= from) {
          issue(
            to === from
              ? `${name} ${start}–${rawEnd} is empty: it ends when it starts.`
              : `${name} ${start}–${rawEnd} ends before it starts. For hours past midnight, end at 24:00 and continue on the next day from 00:00.`,
          );
          ok = false;
        } else {
          parsed.push({ start: from, end: to, text: `${start}–${end}` });
          out[day].push({ start, end });
        }
      }
      if (!ok) continue;
      parsed.sort((a, b) => a.start - b.start);
      out[day].sort((a, b) => minutesOf(a.start)! - minutesOf(b.start)!);
      for (let i = 1; i < parsed.length; i += 1) {
        if (parsed[i]!.start < parsed[i - 1]!.end) {
          issue(`${name} ${parsed[i - 1]!.text} and ${parsed[i]!.text} overlap.`);
          break;
        }
      }
    }
    return out;
  });

/** Text trimmed to at most `max` characters; empty is null (the default applies). */
const optionalText = (max: number) =>
  limitedText(max)
    .nullish()
    .transform((v) => (v ? v : null));

const receptionistFields = {
  receptionistMode: z.enum(RECEPTIONIST_MODES, { error: "Choose when the receptionist answers." }),
  receptionistAnswerAfterSeconds: z
    .number({ error: "Enter a number of seconds." })
    .int("Use whole seconds.")
    .min(ANSWER_AFTER_SECONDS.min, `Answer after ${ANSWER_AFTER_SECONDS.min} to ${ANSWER_AFTER_SECONDS.max} seconds.`)
    .max(ANSWER_AFTER_SECONDS.max, `Answer after ${ANSWER_AFTER_SECONDS.min} to ${ANSWER_AFTER_SECONDS.max} seconds.`),
  /** null: none set (only allowed when the mode is not after_hours). */
  businessHours: businessHoursInput.nullable(),
  businessName: optionalText(FIELD_LIMITS.businessName),
  receptionistInstructions: optionalText(FIELD_LIMITS.receptionistInstructions),
  /** null: the built-in greeting. "{name}" is replaced by the business name (else the user's name). */
  greetingText: optionalText(FIELD_LIMITS.spokenPrompt),
  /** null: the built-in voicemail prompt. */
  voicemailPromptText: optionalText(FIELD_LIMITS.spokenPrompt),
};

/** "Outside business hours" with no hours would answer every call: say so instead. */
function hoursForAfterHours(
  v: { receptionistMode: ReceptionistModeName; businessHours: BusinessHours | null },
  ctx: z.RefinementCtx,
) {
  if (v.receptionistMode !== "after_hours") return;
  if (!v.businessHours || WEEKDAYS.every((d) => v.businessHours![d].length === 0)) {
    ctx.addIssue({
      code: "custom",
      path: ["businessHours"],
      message: "Business hours: add the hours you are open, or choose another mode (with no hours, Always answers every call).",
    });
  }
}

/** A number's receptionist settings, all of them (an update replaces every field). */
export const receptionistSettingsInput = z.object(receptionistFields).superRefine(hoursForAfterHours);
export type ReceptionistSettingsInput = z.output<typeof receptionistSettingsInput>;

export const updateReceptionistInput = z.object({ id, ...receptionistFields }).superRefine(hoursForAfterHours);

/** "Listen": the text in the configured voice, as the caller would hear it on that number. */
export const previewVoiceInput = z.object({
  id,
  text: limitedText(FIELD_LIMITS.spokenPrompt).min(1, "Type something to listen to."),
  /** The form's business name, saved or not ("{name}" in the text); null: the saved one. */
  businessName: optionalText(FIELD_LIMITS.businessName),
});
