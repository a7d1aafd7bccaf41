import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyCallEvent } from "~/server/calls/apply-event";
import type { GreetingVoice } from "~/server/calls/greeting-voice";
import { ProviderError } from "~/server/providers/errors";
import { decodeClientState } from "~/server/telephony/client-state";
import { callPayloadSchema } from "~/server/telephony/envelope";
import { createLocalTelephony, NOT_SENT_REASON } from "~/server/telephony/provider";
import { processWebhookEvent } from "~/server/webhooks/process";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { actionName, type RecordedRequest } from "~/test/fakes/telnyx-api";
import type { CallLeg } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, dialedLeg, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { placeReminderCall, type ReminderCallAttempt, type ReminderCallDeps, type ReminderCallTarget } from "./call";
import { attemptCommandId } from "./occurrences";

let t: TestDatabase;
let h: TelephonyHarness;
beforeAll(async () => {
  t = await startTestDatabase();
  h = await startTelephonyHarness(t);
});
afterAll(async () => {
  await h?.stop();
  await t?.stop();
});
beforeEach(() => {
  h.api.reset();
});

const T0 = new Date("2026-12-20T01:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const MOM = "+13125550177";
const MESSAGE = "Time to take your evening medication.";

interface Setup {
  requireConfirmation?: boolean;
  leaveVoicemail?: boolean;
  maxAttempts?: number;
}

/** A user with a Telnyx number, a contact, a call reminder for them, and its first attempt under way. */
async function reminderCall(setup: Setup = {}) {
  const { user, number } = await createTelnyxUser(t.db);
  const mom = await t.db.contact.create({ data: { userId: user.id, firstName: "Mom", phones: [MOM] } });
  const reminder = await t.db.reminder.create({
    data: {
      userId: user.id,
      contactId: mom.id,
      kind: "medication",
      title: "Evening pills",
      message: MESSAGE,
      language: "en-US",
      timeZone: "America/Chicago",
      startsAtLocal: "2026-12-19T19:00",
      rrule: "FREQ=DAILY",
      channels: ["call"],
      requireConfirmation: setup.requireConfirmation ?? true,
      leaveVoicemail: setup.leaveVoicemail ?? false,
      maxAttempts: setup.maxAttempts ?? 3,
    },
  });
  const occurrence = await t.db.reminderOccurrence.create({
    data: { userId: user.id, reminderId: reminder.id, dueAt: T0, state: "in_progress", startedAt: T0 },
  });
  const row = await t.db.reminderAttempt.create({
    data: { userId: user.id, occurrenceId: occurrence.id, number: 1, channel: "call", commandId: attemptCommandId(occurrence.id, 1) },
  });
  const attempt: ReminderCallAttempt = { id: row.id, userId: user.id, occurrenceId: occurrence.id, number: 1, commandId: row.commandId };
  const target: ReminderCallTarget = {
    reminderId: reminder.id,
    message: MESSAGE,
    language: "en-US",
    requireConfirmation: reminder.requireConfirmation,
    leaveVoicemail: reminder.leaveVoicemail,
    toNumber: MOM,
    contactId: mom.id,
  };
  return { user, number, mom, reminder, occurrence, attempt, target };
}

const deps = (overrides: Partial<ReminderCallDeps> = {}): ReminderCallDeps => ({
  db: t.db,
  telephony: h.telnyx,
  now: () => T0,
  voice: null,
  ...overrides,
});

/** Places the call and returns the contact's leg as Telnyx would report it. */
async function dial(setup: Awaited<ReturnType<typeof reminderCall>>) {
  const placed = await placeReminderCall(deps(), setup.attempt, setup.target);
  expect(placed.status).toBe("dialed");
  const request = h.api.find("/v2/calls").at(-1)!;
  const leg = dialedLeg(request);
  return { placed: placed as Extract<typeof placed, { status: "dialed" }>, request, leg };
}

/** Commands sent to the leg since `from`, and the leg now echoing the latest client_state (as Telnyx does). */
function follow(leg: CallLeg, from = 0): RecordedRequest[] {
  const actions = h.api.actionsFor(leg.callControlId).slice(from);
  const withState = [...h.api.actionsFor(leg.callControlId)].reverse().find((a) => typeof a.body.client_state === "string");
  if (withState) leg.clientState = String(withState.body.client_state);
  return actions;
}

const attemptOf = (id: string) => t.db.reminderAttempt.findUniqueOrThrow({ where: { id } });
const occurrenceOf = (id: string) => t.db.reminderOccurrence.findUniqueOrThrow({ where: { id } });
const stepOf = (request: RecordedRequest) => decodeClientState(request.body.client_state)?.step;

describe("placing the reminder call", () => {
  it("creates one outbound Call for the attempt and dials the contact with the attempt's command_id and machine detection", async () => {
    const s = await reminderCall();
    const { placed, request } = await dial(s);

    const call = await t.db.call.findUniqueOrThrow({ where: { id: placed.callId } });
    expect(call).toMatchObject({
      userId: s.user.id,
      direction: "outbound",
      status: "initiated",
      fromNumber: s.number.e164,
      toNumber: MOM,
      counterpartNumber: MOM,
      contactId: s.mom.id,
      phoneNumberId: s.number.id,
      telnyxCallControlId: placed.callControlId,
    });
    expect(request.headers.authorization).toBe(`Bearer ${h.api.apiKey}`);
    expect(request.body).toMatchObject({
      connection_id: s.number.connectionId,
      from: s.number.e164,
      to: MOM,
      command_id: s.attempt.commandId,
      answering_machine_detection: "detect",
      timeout_secs: 30,
    });
    expect(decodeClientState(request.body.client_state)).toEqual({ callId: call.id, leg: "contact" });
    expect(await attemptOf(s.attempt.id)).toMatchObject({ callId: call.id, telnyxCallControlId: placed.callControlId, startedAt: T0 });

    // The job run again (it died after the dial): the same call, nothing dialed.
    expect(await placeReminderCall(deps(), s.attempt, s.target)).toEqual(placed);
    expect(h.api.find("/v2/calls")).toHaveLength(1);
  });

  it("asks for the machine's greeting end when a voicemail may be left", async () => {
    const s = await reminderCall({ leaveVoicemail: true });
    const { request } = await dial(s);
    expect(request.body.answering_machine_detection).toBe("detect_beep");
  });

  it("retries a Telnyx 5xx with the same command_id on the same Call: one call placed", async () => {
    const s = await reminderCall();
    h.api.respondNext("/v2/calls", { status: 503, body: { errors: [{ code: "90041", title: "Service unavailable" }] } });
    const error = await placeReminderCall(deps(), s.attempt, s.target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ permanent: false, httpStatus: 503 });
    const afterFailure = await attemptOf(s.attempt.id);
    expect(afterFailure.callId).not.toBeNull();
    expect(afterFailure.telnyxCallControlId).toBeNull();
    // Not failed: the job retries it.
    expect((await t.db.call.findUniqueOrThrow({ where: { id: afterFailure.callId! } })).status).toBe("initiated");

    const { placed } = await dial(s);
    expect(placed.callId).toBe(afterFailure.callId);
    const dials = h.api.find("/v2/calls");
    expect(dials.map((d) => d.body.command_id)).toEqual([s.attempt.commandId, s.attempt.commandId]);
    expect(h.api.placedCalls()).toHaveLength(1);
    expect(await t.db.call.count({ where: { userId: s.user.id } })).toBe(1);
    const intent = await t.db.callEvent.findFirstOrThrow({ where: { callId: placed.callId, eventType: "intent.dial_reminder" } });
    expect(intent.payload).toMatchObject({ status: "sent", commandId: s.attempt.commandId, callControlId: placed.callControlId });
  });

  it("leaves the call failed when Telnyx refuses the dial (4xx), and says why", async () => {
    const s = await reminderCall();
    h.api.respondNext("/v2/calls", { status: 422, body: { errors: [{ code: "10016", title: "Invalid value", detail: "The destination number is not valid." }] } });
    const error = await placeReminderCall(deps(), s.attempt, s.target).catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: true, httpStatus: 422 });
    const call = await t.db.call.findFirstOrThrow({ where: { userId: s.user.id } });
    expect(call).toMatchObject({ status: "failed", errorDetail: "dial: Telnyx 422: The destination number is not valid. (code 10016)" });
  });

  it("spends the user's call budget once per attempt; over it, nothing is dialed and the error names the limit", async () => {
    const s = await reminderCall();
    await placeReminderCall(deps(), s.attempt, s.target);
    await placeReminderCall(deps(), s.attempt, s.target);
    const spent = await t.db.rateLimit.findMany({ where: { key: { in: [`calls-hour:${s.user.id}`, `calls-day:${s.user.id}`] } } });
    expect(spent.map((r) => r.points)).toEqual([1, 1]);

    const over = await reminderCall();
    await t.db.rateLimit.create({ data: { key: `calls-hour:${over.user.id}`, points: 1_000_000, expire: BigInt(T0.getTime() + 3_600_000) } });
    h.api.reset();
    const error = await placeReminderCall(deps(), over.attempt, over.target).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/calls per hour/) });
    expect(h.api.find("/v2/calls")).toHaveLength(0);
    expect(await t.db.call.count({ where: { userId: over.user.id } })).toBe(0);
  });

  it("without TELNYX_API_KEY: not sent, with the reason, and no Call row", async () => {
    const s = await reminderCall();
    expect(await placeReminderCall(deps({ telephony: createLocalTelephony() }), s.attempt, s.target)).toEqual({ status: "not_sent", reason: NOT_SENT_REASON });
    expect(await t.db.call.count({ where: { userId: s.user.id } })).toBe(0);
  });

  it("without a number to call from, or for someone else's attempt: nothing is dialed", async () => {
    const s = await reminderCall();
    await t.db.phoneNumber.update({ where: { id: s.number.id }, data: { connectionId: null } });
    expect(await placeReminderCall(deps(), s.attempt, s.target)).toMatchObject({ status: "not_sent", reason: expect.stringMatching(/connection id/) });
    await t.db.phoneNumber.delete({ where: { id: s.number.id } });
    expect(await placeReminderCall(deps(), s.attempt, s.target)).toMatchObject({ status: "not_sent", reason: expect.stringMatching(/no Telnyx number/) });

    const other = await reminderCall();
    await expect(placeReminderCall(deps(), { ...other.attempt, userId: s.user.id }, other.target)).rejects.toThrow(/not found/);
    expect(h.api.find("/v2/calls")).toHaveLength(0);
  });
});

describe("the reminder call's script", () => {
  it("answered by a person who presses 2 (hears it again) then 1: confirmed, thanked, hung up", async () => {
    const s = await reminderCall();
    const { placed, leg } = await dial(s);
    await h.deliver(leg.initiated(at(0)));
    await h.deliver(leg.answered(at(5)));
    // Recorded like any call; nothing spoken before the machine detection says who answered.
    expect(follow(leg).map(actionName)).toEqual(["record_start"]);

    await h.deliver(leg.machineDetectionEnded(at(7), "human"));
    let sent = follow(leg, 1);
    expect(sent.map(actionName)).toEqual(["gather_using_speak"]);
    expect(sent[0]!.body).toMatchObject({
      payload: `${MESSAGE} Press 1 to confirm, or 2 to hear this message again.`,
      language: "en-US",
      valid_digits: "12",
      maximum_digits: 1,
    });
    expect(stepOf(sent[0]!)).toBe("g1.0");

    await h.deliver(leg.gatherEnded(at(20), "2"));
    sent = follow(leg, 2);
    expect(sent.map(actionName)).toEqual(["gather_using_speak"]);
    expect(String(sent[0]!.body.payload)).toMatch(/^Time to take your evening medication\./);
    expect(stepOf(sent[0]!)).toBe("g2.0");
    expect(await attemptOf(s.attempt.id)).toMatchObject({ prompts: 2, digits: "2", outcome: null });

    const pressed = leg.gatherEnded(at(33), "1");
    await h.deliver(pressed);
    sent = follow(leg, 3);
    expect(sent.map(actionName)).toEqual(["speak"]);
    expect(sent[0]!.body).toMatchObject({ payload: "Thank you. Goodbye." });
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "confirmed", digits: "21", prompts: 2, endedAt: at(33) });
    expect(await occurrenceOf(s.occurrence.id)).toMatchObject({ state: "confirmed" });

    // A retried webhook job sends nothing again.
    const stored = await t.db.webhookEvent.findUniqueOrThrow({ where: { provider_eventId: { provider: "telnyx", eventId: pressed.data.id } } });
    await processWebhookEvent(h.deps(), stored.id);
    expect(follow(leg, 4)).toEqual([]);

    await h.deliver(leg.speakEnded(at(35)));
    expect(follow(leg, 4).map(actionName)).toEqual(["hangup"]);
    await h.deliver(leg.hangup(at(36), "normal_clearing", "caller"));
    expect(await t.db.call.findUniqueOrThrow({ where: { id: placed.callId } })).toMatchObject({ status: "completed", answeredAt: at(5), durationSeconds: 31 });
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "confirmed" });
    // Switchboard called, not the user: the contact's last contact (and keep-in-touch) stays put.
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: s.mom.id } })).lastContactedAt).toBeNull();
  });

  it("answered without a key: asked twice, then answered without confirming (the occurrence escalates)", async () => {
    const s = await reminderCall();
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(7), "not_sure"));
    follow(leg);
    await h.deliver(leg.gatherEnded(at(25), ""));
    const second = follow(leg, 2);
    expect(second.map(actionName)).toEqual(["gather_using_speak"]);
    // The second time only the question.
    expect(second[0]!.body.payload).toBe("Press 1 to confirm, or 2 to hear this message again.");
    expect(stepOf(second[0]!)).toBe("g2.1");

    await h.deliver(leg.gatherEnded(at(35), "", "timeout"));
    const bye = follow(leg, 3);
    expect(bye.map(actionName)).toEqual(["speak"]);
    expect(bye[0]!.body.payload).toBe("Goodbye.");
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "answered_unconfirmed", prompts: 2, digits: null, reason: "no key after 2 prompts in a row" });
    expect((await occurrenceOf(s.occurrence.id)).state).toBe("escalated");

    await h.deliver(leg.speakEnded(at(36)));
    expect(follow(leg, 4).map(actionName)).toEqual(["hangup"]);
  });

  it("pressing 2 again and again: the message is repeated up to five prompts, then the call ends unconfirmed", async () => {
    const s = await reminderCall();
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(7), "human"));
    follow(leg);
    // A key in between resets the count of prompts without one.
    await h.deliver(leg.gatherEnded(at(20), ""));
    follow(leg);
    for (let n = 2; n <= 5; n++) {
      await h.deliver(leg.gatherEnded(at(20 + n * 15), "2"));
      follow(leg);
    }
    const sent = h.api.actionsFor(leg.callControlId).map((a) => `${actionName(a)} ${stepOf(a) ?? ""}`.trim());
    expect(sent).toEqual(["record_start", "gather_using_speak g1.0", "gather_using_speak g2.1", "gather_using_speak g3.0", "gather_using_speak g4.0", "gather_using_speak g5.0", "speak bye"]);
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "answered_unconfirmed", prompts: 5, digits: "2222", reason: "not confirmed after 5 prompts" });
  });

  it("a reminder that asks for no confirmation is delivered when heard without a key, even if they hang up", async () => {
    const s = await reminderCall({ requireConfirmation: false });
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(7), "human"));
    expect(follow(leg, 1)[0]!.body.payload).toBe(`${MESSAGE} Press 1 if you got this, or 2 to hear this message again.`);
    await h.deliver(leg.hangup(at(15), "normal_clearing", "callee"));
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "delivered", reason: "hung up without a key" });
    expect((await occurrenceOf(s.occurrence.id)).state).toBe("delivered");
  });

  it("a hangup handled before the key press that preceded it still confirms", async () => {
    const s = await reminderCall();
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(7), "human"));
    follow(leg);
    const pressed = leg.gatherEnded(at(12), "1");
    // Applied to the call (its job then failed, or is still running) before the hangup is handled.
    const pressedId = await h.ingest(pressed);
    const stored = await t.db.webhookEvent.findUniqueOrThrow({ where: { id: pressedId! } });
    await applyCallEvent(h.deps(), { ...stored, payload: pressed.data.payload }, callPayloadSchema.parse(pressed.data.payload));
    expect((await attemptOf(s.attempt.id)).outcome).toBeNull();
    await h.deliver(leg.hangup(at(13), "normal_clearing", "callee"));
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "confirmed", digits: "1" });
    await processWebhookEvent(h.deps(), pressedId!);
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "confirmed", digits: "1" });
    expect((await occurrenceOf(s.occurrence.id)).state).toBe("confirmed");
  });

  it("asks in the message's language", async () => {
    const s = await reminderCall();
    await t.db.reminder.update({ where: { id: s.reminder.id }, data: { language: "de-AT", message: "Zeit für deine Tabletten." } });
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(7), "human"));
    expect(follow(leg, 1)[0]!.body).toMatchObject({
      payload: "Zeit für deine Tabletten. Drücken Sie die 1 zum Bestätigen oder die 2, um diese Nachricht noch einmal zu hören.",
      language: "de-DE",
    });
    await h.deliver(leg.gatherEnded(at(12), "1"));
    expect(follow(leg, 2)[0]!.body).toMatchObject({ payload: "Vielen Dank. Auf Wiederhören.", language: "de-DE" });
  });

  it("busy: the attempt is busy and the next one is queued", async () => {
    const s = await reminderCall();
    const { leg } = await dial(s);
    await h.deliver(leg.initiated(at(0)));
    await h.deliver(leg.hangup(at(2), "user_busy", "callee"));
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "busy", reason: "busy (user_busy)", endedAt: at(2) });
    expect(await t.db.reminderAttempt.count({ where: { occurrenceId: s.occurrence.id } })).toBe(2);
    expect(h.api.actionsFor(leg.callControlId)).toEqual([]);
  });

  it("rang out: no answer", async () => {
    const s = await reminderCall();
    const { leg } = await dial(s);
    await h.deliver(leg.initiated(at(0)));
    await h.deliver(leg.hangup(at(30), "timeout", "callee"));
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "no_answer", reason: "no answer (timeout)" });
  });

  it("an answering machine is hung up on and counts as no answer", async () => {
    const s = await reminderCall();
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(9), "machine"));
    expect(follow(leg, 1).map(actionName)).toEqual(["hangup"]);
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "machine", reason: "answering machine" });
    await h.deliver(leg.hangup(at(10), "normal_clearing", "caller"));
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "machine" });
    expect(await t.db.reminderAttempt.count({ where: { occurrenceId: s.occurrence.id } })).toBe(2);
  });

  it("an answering machine gets the message after its greeting when the reminder leaves voicemails", async () => {
    const s = await reminderCall({ leaveVoicemail: true });
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(9), "machine"));
    expect(follow(leg, 1)).toEqual([]);
    await h.deliver(leg.machineGreetingEnded(at(14)));
    const spoken = follow(leg, 1);
    expect(spoken.map(actionName)).toEqual(["speak"]);
    expect(spoken[0]!.body).toMatchObject({ payload: MESSAGE, language: "en-US" });
    expect((await attemptOf(s.attempt.id)).outcome).toBeNull();

    await h.deliver(leg.speakEnded(at(18)));
    expect(follow(leg, 2).map(actionName)).toEqual(["hangup"]);
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "voicemail" });
    expect((await occurrenceOf(s.occurrence.id)).state).toBe("delivered");
  });

  it("a machine that hangs up before its greeting ends: machine, retried", async () => {
    const s = await reminderCall({ leaveVoicemail: true });
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)));
    await h.deliver(leg.machineDetectionEnded(at(9), "machine"));
    await h.deliver(leg.hangup(at(12), "normal_clearing", "callee"));
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "machine" });
  });

  it("with an ElevenLabs voice: the prompt is played as audio, then the key is gathered", async () => {
    const s = await reminderCall();
    const spoken: string[] = [];
    const voice: GreetingVoice = {
      async audioFor(text) {
        spoken.push(text);
        return Buffer.from("ID3 fake mp3");
      },
    };
    const { leg } = await dial(s);
    await h.deliver(leg.answered(at(5)), { voice });
    await h.deliver(leg.machineDetectionEnded(at(7), "human"), { voice });
    const played = follow(leg, 1);
    expect(played.map(actionName)).toEqual(["playback_start"]);
    expect(stepOf(played[0]!)).toBe("p1.0");
    expect(spoken).toEqual([`${MESSAGE} Press 1 to confirm, or 2 to hear this message again.`]);

    await h.deliver(leg.playbackEnded(at(15)), { voice });
    const gathered = follow(leg, 2);
    expect(gathered.map(actionName)).toEqual(["gather"]);
    expect(gathered[0]!.body).toMatchObject({ valid_digits: "12", maximum_digits: 1 });
    expect(stepOf(gathered[0]!)).toBe("g1.0");

    await h.deliver(leg.gatherEnded(at(18), "1"), { voice });
    expect(follow(leg, 3).map(actionName)).toEqual(["playback_start"]);
    expect(await attemptOf(s.attempt.id)).toMatchObject({ outcome: "confirmed", digits: "1", prompts: 1 });
  });
});
