import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createGreetingVoice } from "~/server/calls/greeting-voice";
import { createLocalStorage } from "~/server/storage";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import {
  businessHoursInput,
  getReceptionistSettings,
  greetingFor,
  isWithinBusinessHours,
  missingVoiceKeys,
  ReceptionistKeysMissingError,
  receptionistForNumber,
  receptionistPlan,
  receptionistSettingsInput,
  updateReceptionistSettings,
  voicemailPromptFor,
  VOICE_PREVIEWS,
  type BusinessHours,
  type ReceptionistSettings,
  type VoiceKeys,
} from "./receptionist";

const ALL_KEYS: VoiceKeys = { deepgram: true, anthropic: true, elevenlabs: true };
const KEY_ENV = { DEEPGRAM_API_KEY: "dg-test", ANTHROPIC_API_KEY: "sk-ant-test", ELEVENLABS_API_KEY: "el-test" };

/** Valid settings with the mode off, to spread overrides over. */
const base: z.input<typeof receptionistSettingsInput> = {
  receptionistMode: "off",
  receptionistAnswerAfterSeconds: 20,
  businessHours: null,
  businessName: null,
  receptionistInstructions: null,
  greetingText: null,
  voicemailPromptText: null,
};

/** The messages of a failed parse, keyed by the path joined with dots. */
function problems(input: unknown): Record<string, string[]> {
  const result = receptionistSettingsInput.safeParse(input);
  expect(result.success).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

const parseHours = (hours: unknown): BusinessHours => businessHoursInput.parse(hours);

describe("validation", () => {
  it("accepts a full week, sorts each day's intervals, reads an end of 00:00 as midnight and fills closed days", () => {
    const parsed = receptionistSettingsInput.parse({
      ...base,
      receptionistMode: "after_hours",
      businessHours: { mon: [{ start: "13:00", end: "17:30" }, { start: "09:00", end: "12:00" }], fri: [{ start: "18:00", end: "00:00" }], sat: [] },
      businessName: "  Lee Dental  ",
      receptionistInstructions: "",
      greetingText: "   ",
    });
    expect(parsed.businessHours).toEqual({
      mon: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "17:30" }],
      tue: [],
      wed: [],
      thu: [],
      fri: [{ start: "18:00", end: "24:00" }],
      sat: [],
      sun: [],
    });
    // Trimmed, and empty is null (the built-in text applies).
    expect(parsed).toMatchObject({ businessName: "Lee Dental", receptionistInstructions: null, greetingText: null, voicemailPromptText: null });
    // The stored shape parses to itself (what receptionistPlan re-checks).
    expect(parseHours(parsed.businessHours)).toEqual(parsed.businessHours);
  });

  it("refuses an interval that ends before it starts, naming the day and saying how to cross midnight", () => {
    expect(problems({ ...base, businessHours: { mon: [{ start: "18:00", end: "09:00" }] } })).toEqual({
      "businessHours.mon": [
        "Business hours: Monday 18:00–09:00 ends before it starts. For hours past midnight, end at 24:00 and continue on the next day from 00:00.",
      ],
    });
    // Overnight is two intervals on two days.
    expect(parseHours({ fri: [{ start: "22:00", end: "24:00" }], sat: [{ start: "00:00", end: "02:00" }] }).sat).toEqual([{ start: "00:00", end: "02:00" }]);
  });

  it("refuses empty, overlapping, malformed and too many intervals; touching ones are fine", () => {
    expect(problems({ ...base, businessHours: { tue: [{ start: "09:00", end: "09:00" }] } })["businessHours.tue"]).toEqual([
      "Business hours: Tuesday 09:00–09:00 is empty: it ends when it starts.",
    ]);
    expect(problems({ ...base, businessHours: { wed: [{ start: "12:00", end: "17:00" }, { start: "09:00", end: "13:00" }] } })["businessHours.wed"]).toEqual([
      "Business hours: Wednesday 09:00–13:00 and 12:00–17:00 overlap.",
    ]);
    expect(problems({ ...base, businessHours: { thu: [{ start: "9am", end: "17:00" }] } })["businessHours.thu"]).toEqual([
      'Business hours: Thursday "9am" is not a start time: use HH:MM, like 09:00.',
    ]);
    expect(problems({ ...base, businessHours: { thu: [{ start: "09:00", end: "25:00" }] } })["businessHours.thu"]).toEqual([
      'Business hours: Thursday "25:00" is not an end time: use HH:MM, like 17:00.',
    ]);
    expect(problems({ ...base, businessHours: { sun: [{ start: "24:00", end: "24:00" }] } })["businessHours.sun"]?.[0]).toContain("is not a start time");
    expect(problems({ ...base, businessHours: { sat: [{ start: "", end: "12:00" }] } })["businessHours.sat"]).toEqual([
      "Business hours: Saturday needs a start and an end time.",
    ]);
    const five = ["08:00", "10:00", "12:00", "14:00", "16:00"].map((start) => ({ start, end: start.replace(/^(\d\d)/, (h) => String(Number(h) + 1).padStart(2, "0")) }));
    expect(problems({ ...base, businessHours: { mon: five } })["businessHours.mon"]).toEqual(["Business hours: Monday has more than 4 intervals."]);
    expect(parseHours({ mon: [{ start: "09:00", end: "12:00" }, { start: "12:00", end: "17:00" }] }).mon).toHaveLength(2);
  });

  it("needs hours for 'outside business hours', and the seconds within 5..60", () => {
    const noHours = "Business hours: add the hours you are open, or choose another mode (with no hours, Always answers every call).";
    expect(problems({ ...base, receptionistMode: "after_hours" })).toEqual({ businessHours: [noHours] });
    expect(problems({ ...base, receptionistMode: "after_hours", businessHours: { mon: [] } })).toEqual({ businessHours: [noHours] });
    for (const seconds of [4, 61]) {
      expect(problems({ ...base, receptionistAnswerAfterSeconds: seconds })).toEqual({ receptionistAnswerAfterSeconds: ["Answer after 5 to 60 seconds."] });
    }
    expect(problems({ ...base, receptionistAnswerAfterSeconds: 7.5 })).toEqual({ receptionistAnswerAfterSeconds: ["Use whole seconds."] });
    expect(problems({ ...base, receptionistAnswerAfterSeconds: Number.NaN })).toEqual({ receptionistAnswerAfterSeconds: ["Enter a number of seconds."] });
    expect(problems({ ...base, receptionistMode: "sometimes" })).toEqual({ receptionistMode: ["Choose when the receptionist answers."] });
  });

  it("limits the texts: instructions 10,000, business name 120, greeting and voicemail prompt 500", () => {
    expect(receptionistSettingsInput.parse({ ...base, receptionistInstructions: "x".repeat(10_000) }).receptionistInstructions).toHaveLength(10_000);
    expect(
      problems({ ...base, receptionistInstructions: "x".repeat(10_001), businessName: "b".repeat(121), greetingText: "g".repeat(501), voicemailPromptText: "v".repeat(501) }),
    ).toEqual({
      receptionistInstructions: ["Use at most 10,000 characters."],
      businessName: ["Use at most 120 characters."],
      greetingText: ["Use at most 500 characters."],
      voicemailPromptText: ["Use at most 500 characters."],
    });
  });
});

describe("keys", () => {
  it("names the missing environment variables in a fixed order", () => {
    expect(missingVoiceKeys(ALL_KEYS)).toEqual([]);
    expect(missingVoiceKeys({ deepgram: false, anthropic: true, elevenlabs: false })).toEqual(["DEEPGRAM_API_KEY", "ELEVENLABS_API_KEY"]);
    expect(missingVoiceKeys({ deepgram: false, anthropic: false, elevenlabs: false })).toEqual(["DEEPGRAM_API_KEY", "ANTHROPIC_API_KEY", "ELEVENLABS_API_KEY"]);
  });
});

describe("receptionistPlan", () => {
  const weekdays9to5 = parseHours(
    Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "17:00" }]])),
  );
  const settings = (over: Partial<ReceptionistSettings>) => ({
    receptionistMode: "off" as const,
    receptionistAnswerAfterSeconds: 20,
    businessHours: weekdays9to5,
    ...over,
  });
  const at = (iso: string, timeZone: string, over: Partial<ReceptionistSettings>, keys = ALL_KEYS) =>
    receptionistPlan(settings(over), { now: new Date(iso), timeZone, keys });

  it("off when the mode is off or any key is missing; always now; no_answer after its seconds", () => {
    const now = "2026-12-16T15:00:00Z";
    expect(at(now, "UTC", { receptionistMode: "off" })).toEqual({ kind: "off" });
    expect(at(now, "UTC", { receptionistMode: "always" })).toEqual({ kind: "now" });
    expect(at(now, "UTC", { receptionistMode: "no_answer", receptionistAnswerAfterSeconds: 12 })).toEqual({ kind: "after_no_answer", seconds: 12 });
    // A value outside 5..60 (written by hand) is kept within it.
    expect(at(now, "UTC", { receptionistMode: "no_answer", receptionistAnswerAfterSeconds: 600 })).toEqual({ kind: "after_no_answer", seconds: 60 });
    for (const missing of ["deepgram", "anthropic", "elevenlabs"] as const) {
      for (const mode of ["always", "no_answer", "after_hours"] as const) {
        expect(at("2026-12-19T15:00:00Z", "UTC", { receptionistMode: mode }, { ...ALL_KEYS, [missing]: false })).toEqual({ kind: "off" });
      }
    }
  });

  it("after_hours: now outside the day's intervals (the start inside, the end not), off inside", () => {
    const mode = { receptionistMode: "after_hours" as const };
    // Wednesday 2026-12-16 in Berlin (UTC+1).
    expect(at("2026-12-16T07:59:00Z", "Europe/Berlin", mode)).toEqual({ kind: "now" }); // 08:59
    expect(at("2026-12-16T08:00:00Z", "Europe/Berlin", mode)).toEqual({ kind: "off" }); // 09:00
    expect(at("2026-12-16T15:59:00Z", "Europe/Berlin", mode)).toEqual({ kind: "off" }); // 16:59
    expect(at("2026-12-16T16:00:00Z", "Europe/Berlin", mode)).toEqual({ kind: "now" }); // 17:00
    // Saturday: closed all day.
    expect(at("2026-12-19T11:00:00Z", "Europe/Berlin", mode)).toEqual({ kind: "now" });
    // Until midnight: 23:59 is inside 18:00–24:00.
    const evenings = parseHours({ sat: [{ start: "18:00", end: "00:00" }] });
    expect(at("2026-12-19T22:59:00Z", "Europe/Berlin", { ...mode, businessHours: evenings })).toEqual({ kind: "off" });
    expect(at("2026-12-19T23:00:00Z", "Europe/Berlin", { ...mode, businessHours: evenings })).toEqual({ kind: "now" }); // Sunday 00:00
  });

  it("reads the weekday in the user's zone, not UTC's", () => {
    const mondayMornings = parseHours({ mon: [{ start: "07:00", end: "09:00" }] });
    const mode = { receptionistMode: "after_hours" as const, businessHours: mondayMornings };
    // Monday 07:30 UTC is still Sunday 23:30 in Los Angeles: closed, so the agent answers.
    expect(at("2026-12-21T07:30:00Z", "America/Los_Angeles", mode)).toEqual({ kind: "now" });
    expect(at("2026-12-21T07:30:00Z", "UTC", mode)).toEqual({ kind: "off" });
    // Monday 07:30 in Tokyo is Sunday 22:30 UTC.
    expect(at("2026-12-20T22:30:00Z", "Asia/Tokyo", mode)).toEqual({ kind: "off" });
  });

  it("follows daylight saving time on the day it changes", () => {
    const mornings = parseHours({ sun: [{ start: "08:00", end: "12:00" }] });
    const mode = { receptionistMode: "after_hours" as const, businessHours: mornings };
    // 2026-03-08, New York springs forward at 02:00: 12:30Z is 08:30 EDT (a fixed EST offset would say 07:30).
    expect(at("2026-03-08T12:30:00Z", "America/New_York", mode)).toEqual({ kind: "off" });
    expect(at("2026-03-08T11:59:00Z", "America/New_York", mode)).toEqual({ kind: "now" }); // 07:59 EDT
    // 2026-11-01, New York falls back at 02:00: 01:30 happens twice, and both are inside 01:00–02:00.
    const night = parseHours({ sun: [{ start: "01:00", end: "02:00" }] });
    expect(at("2026-11-01T05:30:00Z", "America/New_York", { ...mode, businessHours: night })).toEqual({ kind: "off" }); // 01:30 EDT
    expect(at("2026-11-01T06:30:00Z", "America/New_York", { ...mode, businessHours: night })).toEqual({ kind: "off" }); // 01:30 EST
    expect(at("2026-11-01T07:00:00Z", "America/New_York", { ...mode, businessHours: night })).toEqual({ kind: "now" }); // 02:00 EST
    expect(isWithinBusinessHours(night, new Date("2026-11-01T06:59:00Z"), "America/New_York")).toBe(true);
  });

  it("off (forward as usual) when the hours or the time zone cannot be read", () => {
    const mode = { receptionistMode: "after_hours" as const };
    expect(at("2026-12-19T11:00:00Z", "UTC", { ...mode, businessHours: null })).toEqual({ kind: "off" });
    expect(at("2026-12-19T11:00:00Z", "UTC", { ...mode, businessHours: { mon: [{ start: "18:00", end: "09:00" }] } as unknown as BusinessHours })).toEqual({ kind: "off" });
    expect(at("2026-12-19T11:00:00Z", "Mars/Olympus_Mons", mode)).toEqual({ kind: "off" });
  });
});

describe("greeting and voicemail prompt", () => {
  it("are the number's own text or null; {name} is the business name, else the user's", () => {
    expect(greetingFor({ greetingText: null, businessName: "Lee Dental" }, "Ana")).toBeNull();
    expect(greetingFor({ greetingText: "  ", businessName: null }, "Ana")).toBeNull();
    expect(greetingFor({ greetingText: "Thanks for calling {name}.", businessName: "Lee Dental" }, "Ana")).toBe("Thanks for calling Lee Dental.");
    expect(greetingFor({ greetingText: "Thanks for calling {name}.", businessName: null }, "Ana")).toBe("Thanks for calling Ana.");
    expect(greetingFor({ greetingText: "Hi from {name}.", businessName: null }, null)).toBe("Hi from us.");
    expect(voicemailPromptFor({ voicemailPromptText: null })).toBeNull();
    expect(voicemailPromptFor({ voicemailPromptText: "Leave a message." })).toBe("Leave a message.");
  });
});

describe("stored settings", () => {
  let t: TestDatabase;
  type User = Awaited<ReturnType<typeof createTestUser>>;
  let ana: User;
  let bob: User;
  let anaNumber: { id: string };
  let bobNumber: { id: string };
  let counter = 0;
  const newNumber = (userId: string) => {
    counter += 1;
    return t.db.phoneNumber.create({ data: { userId, e164: `+1415555${String(200 + counter).padStart(4, "0")}` } });
  };

  beforeAll(async () => {
    t = await startTestDatabase();
    ana = await createTestUser(t.db, { name: "Ana Ames" });
    bob = await createTestUser(t.db, { name: "Bob Byrne" });
    await t.db.user.update({ where: { id: ana.id }, data: { timezone: "America/Los_Angeles" } });
    anaNumber = await newNumber(ana.id);
    bobNumber = await newNumber(bob.id);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const withKeys = () => callerFor(t.db, ana, { env: KEY_ENV });
  const withoutKeys = (env: Record<string, string> = {}) => callerFor(t.db, ana, { env });

  it("a new number is off with the built-in texts", async () => {
    expect(await getReceptionistSettings(t.db, ana.id, anaNumber.id)).toMatchObject({
      id: anaNumber.id,
      receptionistMode: "off",
      receptionistAnswerAfterSeconds: 20,
      businessHours: null,
      greetingText: null,
      voicemailPromptText: null,
    });
  });

  it("saves and reads back every field through the router; receptionistForNumber has them with the owner's zone", async () => {
    const api = await withKeys();
    const saved = await api.phoneNumbers.updateReceptionist({
      id: anaNumber.id,
      ...base,
      receptionistMode: "after_hours",
      businessHours: { mon: [{ start: "09:00", end: "17:00" }] },
      businessName: "Ames Plumbing",
      receptionistInstructions: "We fix leaks. Take a message with the address.",
      greetingText: "Thanks for calling {name}.",
      voicemailPromptText: "Leave your address after the tone.",
    });
    expect(saved).toMatchObject({ receptionistMode: "after_hours", businessName: "Ames Plumbing" });
    expect(await api.phoneNumbers.receptionist({ id: anaNumber.id })).toEqual(saved);
    const loaded = await receptionistForNumber(t.db, anaNumber.id);
    expect(loaded).toMatchObject({
      phoneNumberId: anaNumber.id,
      userId: ana.id,
      timeZone: "America/Los_Angeles",
      userName: "Ana Ames",
      receptionistMode: "after_hours",
      businessHours: { mon: [{ start: "09:00", end: "17:00" }], tue: [] },
    });
    expect(greetingFor(loaded!, loaded!.userName)).toBe("Thanks for calling Ames Plumbing.");
    expect(await receptionistForNumber(t.db, "no-such-number")).toBeNull();

    // Back to off, with the hours kept for later and the texts cleared.
    const off = await api.phoneNumbers.updateReceptionist({ id: anaNumber.id, ...base, businessHours: saved.businessHours });
    expect(off).toMatchObject({ receptionistMode: "off", businessHours: saved.businessHours, greetingText: null, businessName: null });
  });

  it("refuses bad input with field messages", async () => {
    const api = await withKeys();
    const fields = await fieldErrorsOf(
      api.phoneNumbers.updateReceptionist({
        id: anaNumber.id,
        ...base,
        receptionistAnswerAfterSeconds: 90,
        businessHours: { fri: [{ start: "22:00", end: "02:00" }] },
      }),
    );
    expect(fields).toEqual({
      receptionistAnswerAfterSeconds: ["Answer after 5 to 60 seconds."],
      businessHours: [expect.stringContaining("Business hours: Friday 22:00–02:00 ends before it starts.")],
    });
  });

  it("does not turn the receptionist on without all three keys, and names the missing ones", async () => {
    await t.db.phoneNumber.update({ where: { id: anaNumber.id }, data: { receptionistMode: "off" } });
    const api = await withoutKeys({ ANTHROPIC_API_KEY: "sk-ant-test" });
    const error = await trpcErrorOf(api.phoneNumbers.updateReceptionist({ id: anaNumber.id, ...base, receptionistMode: "always" }));
    expect(error).toBeInstanceOf(ReceptionistKeysMissingError);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect((error as ReceptionistKeysMissingError).missing).toEqual(["DEEPGRAM_API_KEY", "ELEVENLABS_API_KEY"]);
    expect(error.message).toContain("DEEPGRAM_API_KEY and ELEVENLABS_API_KEY");
    expect((await getReceptionistSettings(t.db, ana.id, anaNumber.id)).receptionistMode).toBe("off");

    // Off, with new texts, is always fine.
    await api.phoneNumbers.updateReceptionist({ id: anaNumber.id, ...base, greetingText: "Hello!" });
    expect(await getReceptionistSettings(t.db, ana.id, anaNumber.id)).toMatchObject({ receptionistMode: "off", greetingText: "Hello!" });
    const overview = await api.phoneNumbers.receptionistSettings();
    expect(overview.missingKeys).toEqual(["DEEPGRAM_API_KEY", "ELEVENLABS_API_KEY"]);
  });

  it("keeps a mode saved while the keys were there, and the plan is off until they are back", async () => {
    await (await withKeys()).phoneNumbers.updateReceptionist({ id: anaNumber.id, ...base, receptionistMode: "no_answer", receptionistAnswerAfterSeconds: 15 });
    // The keys are removed; saving other fields keeps the mode, switching to another is refused.
    const api = await withoutKeys();
    const kept = await api.phoneNumbers.updateReceptionist({ id: anaNumber.id, ...base, receptionistMode: "no_answer", receptionistAnswerAfterSeconds: 15, businessName: "Ames" });
    expect(kept).toMatchObject({ receptionistMode: "no_answer", businessName: "Ames" });
    expect(await trpcErrorOf(api.phoneNumbers.updateReceptionist({ id: anaNumber.id, ...base, receptionistMode: "always" }))).toBeInstanceOf(
      ReceptionistKeysMissingError,
    );
    const loaded = (await receptionistForNumber(t.db, anaNumber.id))!;
    const noKeys = { deepgram: false, anthropic: false, elevenlabs: false };
    expect(receptionistPlan(loaded, { now: new Date(), timeZone: loaded.timeZone, keys: noKeys })).toEqual({ kind: "off" });
    expect(receptionistPlan(loaded, { now: new Date(), timeZone: loaded.timeZone, keys: ALL_KEYS })).toEqual({ kind: "after_no_answer", seconds: 15 });
  });

  it("never shows or changes another user's number", async () => {
    const api = await withKeys();
    expect((await trpcErrorOf(api.phoneNumbers.receptionist({ id: bobNumber.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(api.phoneNumbers.updateReceptionist({ id: bobNumber.id, ...base, greetingText: "Mine now" }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(api.phoneNumbers.previewVoice({ id: bobNumber.id, text: "Hello" }))).code).toBe("NOT_FOUND");
    await expect(updateReceptionistSettings(t.db, ana.id, bobNumber.id, receptionistSettingsInput.parse(base), { liveProviders: ALL_KEYS })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await api.phoneNumbers.receptionistSettings()).numbers.map((n) => n.id)).toEqual([anaNumber.id]);
    expect(await t.db.phoneNumber.findUniqueOrThrow({ where: { id: bobNumber.id } })).toMatchObject({ greetingText: null, receptionistMode: "off" });
  });

  it("the overview lists the built-in texts a blank greeting and prompt stand for", async () => {
    const overview = await (await withKeys()).phoneNumbers.receptionistSettings();
    expect(overview).toMatchObject({ missingKeys: [], voice: "none", timeZone: "America/Los_Angeles", userName: "Ana Ames" });
    // No personal phone: callers go straight to voicemail.
    expect(overview.defaults.greeting).toContain("you have reached Ana Ames. Nobody can take your call right now.");
    expect(overview.defaults.voicemailPrompt).toContain("Please leave a message");
  });

  describe("previewVoice", () => {
    const spoken: string[] = [];
    const voice = createGreetingVoice({
      speech: {
        provider: "fake-voice",
        synthesize: (text) => {
          spoken.push(text);
          return Promise.resolve(Buffer.from(`mp3:${text}`));
        },
      },
      storage: createLocalStorage(mkdtempSync(join(tmpdir(), "receptionist-preview-"))),
      logger: { warn() {} },
    });

    it("without ELEVENLABS_API_KEY says so (the browser reads it instead)", async () => {
      const error = await trpcErrorOf((await withoutKeys()).phoneNumbers.previewVoice({ id: anaNumber.id, text: "Hello" }));
      expect(error.code).toBe("PRECONDITION_FAILED");
      expect(error.message).toContain("ELEVENLABS_API_KEY is not set");
    });

    it("returns the audio of the text with {name} filled in, and limits how many", async () => {
      const user = await createTestUser(t.db, { name: "Cy Cole" });
      const number = await newNumber(user.id);
      const api = await callerFor(t.db, user, { env: KEY_ENV, voice });
      const result = await api.phoneNumbers.previewVoice({ id: number.id, text: "Thanks for calling {name}.", businessName: "Cole Bakery" });
      expect(result.contentType).toBe("audio/mpeg");
      expect(Buffer.from(result.audio, "base64").toString()).toBe("mp3:Thanks for calling Cole Bakery.");
      await api.phoneNumbers.previewVoice({ id: number.id, text: "Hi from {name}." });
      expect(spoken).toEqual(["Thanks for calling Cole Bakery.", "Hi from Cy Cole."]);
      expect((await fieldErrorsOf(api.phoneNumbers.previewVoice({ id: number.id, text: "  " }))).text).toEqual(["Type something to listen to."]);

      for (let i = 2; i < VOICE_PREVIEWS.points; i += 1) await api.phoneNumbers.previewVoice({ id: number.id, text: "Hello" });
      const limited = await trpcErrorOf(api.phoneNumbers.previewVoice({ id: number.id, text: "Hello" }));
      expect(limited.code).toBe("TOO_MANY_REQUESTS");
      expect(limited.message).toMatch(/^Too many previews\. Try again in \d+ minutes?\.$/);
      // The cache: the same text was synthesised once.
      expect(spoken.filter((s) => s === "Hello")).toHaveLength(1);
    });
  });
});
