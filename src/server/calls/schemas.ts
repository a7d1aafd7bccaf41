import { z } from "zod";
import { FIELD_LIMITS, limitedText } from "~/lib/field-limits";
import { CallStatus, Direction } from "~/generated/prisma/enums";
import { stages } from "~/server/pipeline/table";

const id = z.string().min(1).max(64);
const statusValues = Object.values(CallStatus) as [CallStatus, ...CallStatus[]];

export const MAX_CALLS_PAGE_SIZE = 100;

export const listCallsInput = z
  .object({
    direction: z.enum(Object.values(Direction) as [Direction, ...Direction[]]).optional(),
    /** One status or several (any of them). */
    status: z.union([z.enum(statusValues), z.array(z.enum(statusValues)).max(statusValues.length)]).optional(),
    contactId: id.optional(),
    /** Calls started at or after this instant. */
    dateFrom: z.date().optional(),
    /** Calls started at or before this instant. */
    dateTo: z.date().optional(),
    hasRecording: z.boolean().optional(),
    /** Words or a meaning to look for in summaries and transcripts (results best first). */
    q: z
      .string()
      .trim()
      .max(200, "Use at most 200 characters.")
      .transform((v) => v || undefined)
      .optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(MAX_CALLS_PAGE_SIZE).default(25),
  })
  .refine((v) => !v.dateFrom || !v.dateTo || v.dateFrom <= v.dateTo, {
    path: ["dateTo"],
    message: "The end of the range must not be before its start.",
  });
export type ListCallsInput = z.input<typeof listCallsInput>;

export const callIdInput = z.object({ id });

export const dialInput = z
  .object({
    /** Call this contact (at `number` when given, which must be one of theirs; else their first). */
    contactId: id.optional(),
    /** Any format; the user's default region applies. */
    number: limitedText(FIELD_LIMITS.phone).optional(),
    /** Which of the user's Telnyx numbers to call from (default: the default one). */
    fromNumberId: id.optional(),
  })
  .refine((v) => !!v.contactId || !!v.number, { path: ["number"], message: "Choose a contact or enter a number." });
export type DialInput = z.input<typeof dialInput>;

export const createContactFromCallInput = z.object({
  id,
  firstName: limitedText(FIELD_LIMITS.personName).optional(),
  lastName: limitedText(FIELD_LIMITS.personName).optional(),
});

export const rerunStageInput = z.object({ id, stage: z.enum(stages) });

/** Diarizers number a call's voices from 0; more than this many is not a conversation. */
export const MAX_SPEAKERS = 100;

export const nameSpeakerInput = z.object({
  id,
  /** The transcript's speaker number (0-based, as in its segments). */
  speaker: z
    .number()
    .int("Not a speaker number.")
    .min(0, "Not a speaker number.")
    .max(MAX_SPEAKERS - 1, "Not a speaker number."),
  /** Blank clears the name: the speaker is then called what the call says ("Speaker 2"). */
  name: limitedText(FIELD_LIMITS.speakerName).transform((name) => name.replace(/\s+/g, " ")),
});
export type NameSpeakerInput = z.input<typeof nameSpeakerInput>;
