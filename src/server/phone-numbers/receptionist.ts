import { TRPCError } from "@trpc/server";
import type { ReceptionistMode } from "~/generated/prisma/enums";
import { Prisma } from "~/generated/prisma/client";
import { waitText } from "~/lib/format";
import { inZone } from "~/lib/zoned-time";
import { AttemptLimiter } from "~/server/auth/rate-limit";
import { forwardingGreeting, voicemailGreeting, voicemailPrompt } from "~/server/calls/greeting";
import type { GreetingVoice } from "~/server/calls/greeting-voice";
import type { Db, Tx } from "~/server/db";
import { notFound } from "~/server/errors";
import {
  ANSWER_AFTER_SECONDS,
  businessHoursInput,
  minutesOf,
  WEEKDAY_OF_DAY,
  type BusinessHours,
  type previewVoiceInput,
  type ReceptionistSettingsInput,
} from "./schemas";

/**
 * The receptionist of each number (Settings → Receptionist): when the live voice agent answers
 * its inbound calls instead of today's forward-then-voicemail, what it is told about the
 * business, and the greeting and voicemail prompt callers hear.
 *
 * Modes: off (today's flow), always, no_answer (the user's phone rings N seconds first) and
 * after_hours (outside the weekly business hours, read in the user's time zone). The agent needs
 * Deepgram, Anthropic and ElevenLabs: without all three keys a mode cannot be turned on, and a
 * mode saved earlier does nothing (`receptionistPlan` says off) until they are back.
 */

export { receptionistSettingsInput, updateReceptionistInput, previewVoiceInput, businessHoursInput } from "./schemas";
export type { BusinessHours, OpenInterval, ReceptionistSettingsInput, Weekday } from "./schemas";

// ───────────────────────────── keys ─────────────────────────────

/** Which of the agent's providers have a key (`liveProviders()` of src/env.ts has these and more). */
export interface VoiceKeys {
  deepgram: boolean;
  anthropic: boolean;
  elevenlabs: boolean;
}

export const VOICE_KEY_NAMES = {
  deepgram: "DEEPGRAM_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  elevenlabs: "ELEVENLABS_API_KEY",
} as const;
export type VoiceKeyName = (typeof VOICE_KEY_NAMES)[keyof typeof VOICE_KEY_NAMES];

/** The environment variables the receptionist needs and lacks, in a fixed order (none: it can run). */
export function missingVoiceKeys(keys: VoiceKeys): VoiceKeyName[] {
  return (Object.keys(VOICE_KEY_NAMES) as (keyof VoiceKeys)[]).filter((k) => !keys[k]).map((k) => VOICE_KEY_NAMES[k]);
}

/** "A", "A and B", "A, B and C". */
function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Turning the receptionist on while one of its keys is missing (PRECONDITION_FAILED; `missing` names them). */
export class ReceptionistKeysMissingError extends TRPCError {
  readonly missing: VoiceKeyName[];
  constructor(missing: VoiceKeyName[]) {
    super({
      code: "PRECONDITION_FAILED",
      message: `The receptionist needs ${listText(missing)}, which ${missing.length === 1 ? "is" : "are"} not set on the server. Until then, calls are forwarded and go to voicemail as usual.`,
    });
    this.name = "ReceptionistKeysMissingError";
    this.missing = missing;
  }
}

// ───────────────────────────── settings ─────────────────────────────

export interface ReceptionistSettings {
  receptionistMode: ReceptionistMode;
  receptionistAnswerAfterSeconds: number;
  /** Sorted, every weekday present; null when never set. */
  businessHours: BusinessHours | null;
  receptionistInstructions: string | null;
  businessName: string | null;
  greetingText: string | null;
  voicemailPromptText: string | null;
}

/** One of the user's numbers with its receptionist settings. */
export interface NumberReceptionistSettings extends ReceptionistSettings {
  id: string;
  e164: string;
  label: string | null;
}

const settingsSelect = {
  receptionistMode: true,
  receptionistAnswerAfterSeconds: true,
  businessHours: true,
  receptionistInstructions: true,
  businessName: true,
  greetingText: true,
  voicemailPromptText: true,
} as const satisfies Prisma.PhoneNumberSelect;

const numberSelect = { id: true, e164: true, label: true, ...settingsSelect } as const satisfies Prisma.PhoneNumberSelect;

type SettingsRow = Prisma.PhoneNumberGetPayload<{ select: typeof settingsSelect }>;

/** Stored hours as the schema writes them; anything else (a hand edit) reads as none. */
function readHours(value: Prisma.JsonValue | null): BusinessHours | null {
  if (value === null) return null;
  const parsed = businessHoursInput.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function settingsOf(row: SettingsRow): ReceptionistSettings {
  return {
    receptionistMode: row.receptionistMode,
    receptionistAnswerAfterSeconds: row.receptionistAnswerAfterSeconds,
    businessHours: readHours(row.businessHours),
    receptionistInstructions: row.receptionistInstructions,
    businessName: row.businessName,
    greetingText: row.greetingText,
    voicemailPromptText: row.voicemailPromptText,
  };
}

function numberSettingsOf(row: Prisma.PhoneNumberGetPayload<{ select: typeof numberSelect }>): NumberReceptionistSettings {
  return { id: row.id, e164: row.e164, label: row.label, ...settingsOf(row) };
}

/** The receptionist settings of one of the user's numbers; another user's number is NOT_FOUND. */
export async function getReceptionistSettings(db: Db | Tx, userId: string, phoneNumberId: string): Promise<NumberReceptionistSettings> {
  const row = await db.phoneNumber.findFirst({ where: { id: phoneNumberId, userId }, select: numberSelect });
  if (!row) throw notFound("Phone number");
  return numberSettingsOf(row);
}

/** Every number of the user's with its settings, default number first (as Settings lists them). */
export async function listReceptionistSettings(db: Db | Tx, userId: string): Promise<NumberReceptionistSettings[]> {
  const rows = await db.phoneNumber.findMany({
    where: { userId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
    select: numberSelect,
  });
  return rows.map(numberSettingsOf);
}

/**
 * Replaces the number's settings with `input` (validated by `receptionistSettingsInput`).
 * Turning the receptionist on, or to another mode, needs every key (`ReceptionistKeysMissingError`
 * otherwise, nothing saved); saving the mode already stored is allowed without them (the greeting
 * and voicemail prompt are used with the receptionist off too), and `receptionistPlan` keeps such
 * a number off until the keys are back. Another user's number is NOT_FOUND.
 */
export async function updateReceptionistSettings(
  db: Db,
  userId: string,
  phoneNumberId: string,
  input: ReceptionistSettingsInput,
  { liveProviders }: { liveProviders: VoiceKeys },
): Promise<NumberReceptionistSettings> {
  return db.$transaction(async (tx) => {
    const current = await tx.phoneNumber.findFirst({ where: { id: phoneNumberId, userId }, select: { receptionistMode: true } });
    if (!current) throw notFound("Phone number");
    const missing = missingVoiceKeys(liveProviders);
    if (input.receptionistMode !== "off" && input.receptionistMode !== current.receptionistMode && missing.length > 0) {
      throw new ReceptionistKeysMissingError(missing);
    }
    const row = await tx.phoneNumber.update({
      where: { id: phoneNumberId },
      data: {
        receptionistMode: input.receptionistMode,
        receptionistAnswerAfterSeconds: input.receptionistAnswerAfterSeconds,
        businessHours: input.businessHours ?? Prisma.DbNull,
        receptionistInstructions: input.receptionistInstructions,
        businessName: input.businessName,
        greetingText: input.greetingText,
        voicemailPromptText: input.voicemailPromptText,
      },
      select: numberSelect,
    });
    return numberSettingsOf(row);
  });
}

// ───────────────────────────── what a call does ─────────────────────────────

export type ReceptionistPlan = { kind: "off" } | { kind: "now" } | { kind: "after_no_answer"; seconds: number };

/** True when `now`, read on the wall clock of `timeZone`, falls in one of that weekday's intervals. */
export function isWithinBusinessHours(hours: BusinessHours, now: Date, timeZone: string): boolean {
  const local = inZone(now, timeZone);
  const day = WEEKDAY_OF_DAY[local.getDay()];
  const minute = local.getHours() * 60 + local.getMinutes();
  return (day ? (hours[day] ?? []) : []).some((i) => {
    const start = minutesOf(i.start);
    const end = minutesOf(i.end === "00:00" ? "24:00" : i.end);
    return start !== null && end !== null && start <= minute && minute < end;
  });
}

function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * What an inbound call to the number does, as a pure function of its settings, the moment, the
 * user's time zone and the keys present:
 * - off: mode off, or any of the three keys missing (calls behave as without a receptionist);
 * - always: now;
 * - after_hours: now when `now` (the user's wall clock, so DST and the weekday are the user's)
 *   is outside every interval of that weekday, else off; hours that are missing or unreadable,
 *   or a time zone Intl does not know, are off (forwarding as usual is the safe side);
 * - no_answer: after_no_answer with the number's seconds (kept within 5..60).
 * An interval's start is inside it and its end is not: with 09:00–17:00, 17:00 is after hours.
 */
export function receptionistPlan(
  settings: Pick<ReceptionistSettings, "receptionistMode" | "receptionistAnswerAfterSeconds" | "businessHours">,
  { now, timeZone, keys }: { now: Date; timeZone: string; keys: VoiceKeys },
): ReceptionistPlan {
  if (settings.receptionistMode === "off" || missingVoiceKeys(keys).length > 0) return { kind: "off" };
  switch (settings.receptionistMode) {
    case "always":
      return { kind: "now" };
    case "no_answer": {
      const n = Math.round(settings.receptionistAnswerAfterSeconds);
      const seconds = Number.isFinite(n) ? Math.min(ANSWER_AFTER_SECONDS.max, Math.max(ANSWER_AFTER_SECONDS.min, n)) : ANSWER_AFTER_SECONDS.default;
      return { kind: "after_no_answer", seconds };
    }
    case "after_hours": {
      const hours = settings.businessHours === null ? null : businessHoursInput.safeParse(settings.businessHours);
      if (!hours?.success || !validTimeZone(timeZone)) return { kind: "off" };
      return isWithinBusinessHours(hours.data, now, timeZone) ? { kind: "off" } : { kind: "now" };
    }
    default:
      return { kind: "off" };
  }
}

/**
 * The number's own greeting, or null for the built-in one (calls/greeting.ts). "{name}" in it
 * is the business name, else the user's name, else "us".
 */
export function greetingFor(number: Pick<ReceptionistSettings, "greetingText" | "businessName">, userName: string | null): string | null {
  const text = number.greetingText?.trim();
  if (!text) return null;
  const name = number.businessName?.trim() || userName?.trim() || "us";
  return text.replaceAll("{name}", name);
}

/** The number's own voicemail prompt, or null for the built-in one. */
export function voicemailPromptFor(number: Pick<ReceptionistSettings, "voicemailPromptText">): string | null {
  return number.voicemailPromptText?.trim() || null;
}

/** Everything an inbound call needs to decide and to greet, for one number (null: no such number). */
export interface NumberReceptionist extends ReceptionistSettings {
  phoneNumberId: string;
  userId: string;
  e164: string;
  /** The owner's IANA time zone (User.timezone), which business hours are read in. */
  timeZone: string;
  /** The owner's name, for the built-in greeting and "{name}". */
  userName: string | null;
  /** The Telnyx connection calls are forwarded through (null: not set up, no forwarding). */
  connectionId: string | null;
}

/** One query: the number's settings, its connection and its owner's time zone and name. */
export async function receptionistForNumber(db: Db | Tx, phoneNumberId: string): Promise<NumberReceptionist | null> {
  const row = await db.phoneNumber.findUnique({
    where: { id: phoneNumberId },
    select: { id: true, userId: true, e164: true, connectionId: true, ...settingsSelect, user: { select: { timezone: true, name: true } } },
  });
  if (!row) return null;
  return {
    phoneNumberId: row.id,
    userId: row.userId,
    e164: row.e164,
    connectionId: row.connectionId,
    timeZone: row.user.timezone,
    userName: row.user.name,
    ...settingsOf(row),
  };
}

// ───────────────────────────── Settings ─────────────────────────────

/**
 * Settings → Receptionist: the user's numbers with their settings, which keys are missing, how a
 * preview sounds (ElevenLabs, or Telnyx's speech that the browser can only approximate), the
 * user's time zone, and the built-in texts a blank greeting or prompt stands for.
 */
export async function receptionistOverview(
  { db, config, voice }: { db: Db; config: { liveProviders: VoiceKeys }; voice: GreetingVoice | null },
  userId: string,
) {
  const [numbers, user] = await Promise.all([
    listReceptionistSettings(db, userId),
    db.user.findUnique({ where: { id: userId }, select: { name: true, timezone: true, personalPhone: true } }),
  ]);
  if (!user) throw notFound("Account");
  return {
    numbers,
    missingKeys: missingVoiceKeys(config.liveProviders),
    /** "elevenlabs": previews are the callers' audio; "none": callers hear Telnyx's own speech. */
    voice: voice ? ("elevenlabs" as const) : ("none" as const),
    timeZone: user.timezone,
    userName: user.name,
    defaults: {
      /** What callers hear with no greeting of the number's own (forwarding when a phone is set). */
      greeting: user.personalPhone ? forwardingGreeting(user.name) : voicemailGreeting(user.name),
      voicemailPrompt: voicemailPrompt(),
    },
  };
}

/** "Listen" previews per user: enough to try a few wordings, not a free text-to-speech service. */
export const VOICE_PREVIEWS = { points: 20, durationSeconds: 10 * 60 } as const;

/**
 * The text in the configured ElevenLabs voice (MP3, base64), with "{name}" filled in as on a call.
 * Synthesised through the greeting cache, so a previewed greeting plays at once on the next
 * call. Without ELEVENLABS_API_KEY: PRECONDITION_FAILED (the browser then reads it itself);
 * over VOICE_PREVIEWS: TOO_MANY_REQUESTS; ElevenLabs failing: BAD_GATEWAY.
 */
export async function previewVoice(
  { db, voice }: { db: Db; voice: GreetingVoice | null },
  userId: string,
  input: Pick<ReturnType<typeof previewVoiceInput.parse>, "id" | "text" | "businessName">,
): Promise<{ audio: string; contentType: "audio/mpeg" }> {
  const number = await db.phoneNumber.findFirst({
    where: { id: input.id, userId },
    select: { businessName: true, user: { select: { name: true } } },
  });
  if (!number) throw notFound("Phone number");
  if (!voice) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "ELEVENLABS_API_KEY is not set: callers hear Telnyx's own text-to-speech, which cannot be previewed here.",
    });
  }
  const wait = await new AttemptLimiter(db, { name: "voice-preview", ...VOICE_PREVIEWS }).consume(userId);
  if (wait > 0) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many previews. Try again in ${waitText(wait * 1000)}.` });
  const text = greetingFor({ greetingText: input.text, businessName: input.businessName ?? number.businessName }, number.user.name) ?? input.text;
  const audio = await voice.audioFor(text);
  if (!audio) throw new TRPCError({ code: "BAD_GATEWAY", message: "ElevenLabs did not answer in time. Try again in a moment." });
  return { audio: audio.toString("base64"), contentType: "audio/mpeg" };
}
