import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { placeReminderCall } from "~/server/reminders/call";
import { attemptCommandId } from "~/server/reminders/occurrences";
import { DEFAULT_TIMINGS } from "~/server/voice/agent/types";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { actionName } from "~/test/fakes/telnyx-api";
import { FakeTelnyxMediaStream } from "~/test/fakes/telnyx-media";
import { createTelnyxUser, dialedLeg, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { agentAudio, callerSays, startVoiceHarness, type VoiceHarness } from "~/test/voice";
import { waitFor } from "~/test/wait";
import { STREAM_PATH } from "./server";

/**
 * A conversational reminder call, end to end: the reminder's webhook script hands the answered
 * person to the voice agent (streaming_start with a single-use token), Telnyx connects to the voice
 * process with that token, the agent says the reminder and records the confirmation through
 * `confirm_reminder`: the attempt and the occurrence end confirmed, as with a key press.
 */

let t: TestDatabase;
let telephony: TelephonyHarness;
let voice: VoiceHarness;
beforeAll(async () => {
  t = await startTestDatabase();
  telephony = await startTelephonyHarness(t);
  voice = await startVoiceHarness(t.db, { ttsMsPerCharacter: 2, jobs: async () => telephony.sender });
});
afterAll(async () => {
  await voice?.close();
  await telephony?.stop();
  await t?.stop();
});
beforeEach(() => {
  Object.assign(voice.timings, DEFAULT_TIMINGS, { silenceMs: 60_000 });
  telephony.api.reset();
});

const T0 = new Date();
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const MOM = "+13125550177";
const MESSAGE = "Time to take your evening medication.";
const receptionist = { keys: { deepgram: true, anthropic: true, elevenlabs: true }, streamUrl: "wss://phone.example.test/voice/stream" };

async function conversationalReminderCall() {
  const { user } = await createTelnyxUser(t.db, { name: "Sam Rivera" });
  const mom = await t.db.contact.create({ data: { userId: user.id, firstName: "Maria", lastName: "Rivera", phones: [MOM] } });
  const reminder = await t.db.reminder.create({
    data: {
      userId: user.id,
      contactId: mom.id,
      kind: "medication",
      title: "Evening pills",
      message: MESSAGE,
      timeZone: "America/Chicago",
      startsAtLocal: "2026-12-19T19:00",
      rrule: "FREQ=DAILY",
      channels: ["call"],
      requireConfirmation: true,
      conversational: true,
      maxAttempts: 2,
    },
  });
  const occurrence = await t.db.reminderOccurrence.create({ data: { userId: user.id, reminderId: reminder.id, dueAt: T0, state: "in_progress", startedAt: T0 } });
  const row = await t.db.reminderAttempt.create({
    data: { userId: user.id, occurrenceId: occurrence.id, number: 1, channel: "call", commandId: attemptCommandId(occurrence.id, 1) },
  });
  const placed = await placeReminderCall(
    { db: t.db, telephony: telephony.telnyx, now: () => T0, voice: null },
    { id: row.id, userId: user.id, occurrenceId: occurrence.id, number: 1, commandId: row.commandId },
    { reminderId: reminder.id, message: MESSAGE, language: "en-US", requireConfirmation: true, leaveVoicemail: false, toNumber: MOM, contactId: mom.id },
  );
  expect(placed.status).toBe("dialed");
  const leg = dialedLeg(telephony.api.find("/v2/calls").at(-1)!);
  return { user, reminder, occurrence, attemptId: row.id, leg };
}

describe("a conversational reminder call", () => {
  it("hands the person to the voice agent, which says the reminder and records the confirmation as the occurrence's outcome", async () => {
    const s = await conversationalReminderCall();
    await telephony.deliver(s.leg.initiated(at(1)), { receptionist });
    await telephony.deliver(s.leg.answered(at(5)), { receptionist });
    await telephony.deliver(s.leg.machineDetectionEnded(at(7), "human"), { receptionist });

    // No key prompt: a stream for the reminder, with its token.
    const sent = telephony.api.actionsFor(s.leg.callControlId).map((r) => actionName(r));
    expect(sent).toContain("streaming_start");
    expect(sent).not.toContain("gather_using_speak");
    const start = telephony.api.actionsFor(s.leg.callControlId).find((r) => actionName(r) === "streaming_start")!;
    const token = String(start.body.stream_auth_token);

    // Telnyx connects to the voice process with it.
    voice.anthropic.queueStream({ text: "Great, thank you Maria. Goodbye!", toolCalls: [{ name: "confirm_reminder", input: {} }, { name: "end_call", input: {} }] });
    const attempt = await FakeTelnyxMediaStream.connect(`ws://127.0.0.1:${voice.server.port}${STREAM_PATH}`, token, s.leg.callControlId);
    expect(attempt.accepted).toBe(true);
    if (!attempt.accepted) return;
    const stream = attempt.stream;
    stream.start();
    const call = await t.db.call.findFirstOrThrow({ where: { userId: s.user.id } });
    const greeting = await waitFor(() => t.db.voiceTurn.findFirst({ where: { callId: call.id, index: 0 } }), { what: "the reminder said", intervalMs: 50 });
    expect(greeting.agentText).toBe(`Hello Maria, this is Sam Rivera's assistant with a reminder. ${MESSAGE} Can you confirm?`);
    expect(agentAudio(stream).length).toBeGreaterThan(0);

    callerSays(voice, stream, "Yes, I'll take them right now.");
    await waitFor(async () => (voice.telnyx.actionsFor(s.leg.callControlId).some((r) => actionName(r) === "hangup") ? true : null), { what: "the hangup" });

    const attemptRow = await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: s.attemptId } });
    expect(attemptRow.outcome).toBe("confirmed");
    const occurrence = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: s.occurrence.id } });
    expect(occurrence.state).toBe("confirmed");
    // The model was given the reminder and asked to confirm through the tool.
    const body = voice.anthropic.streams().at(-1)!.request.json as { system: string; tools: { name: string }[] };
    expect(body.system).toContain(MESSAGE);
    expect(body.tools.map((tool) => tool.name)).toEqual(["confirm_reminder", "end_call"]);

    // The call's hangup arrives later: the outcome stays confirmed.
    stream.stop();
    await telephony.deliver(s.leg.hangup(at(30), "normal_clearing", "caller"), { receptionist });
    expect((await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: s.attemptId } })).outcome).toBe("confirmed");
    const transcript = await waitFor(async () => (await t.db.call.findUniqueOrThrow({ where: { id: call.id } })).transcriptText, { what: "the transcript" });
    expect(transcript).toContain("Maria Rivera: Yes, I'll take them right now.");
  });

  it("the agent failing mid-call hands back to the key-press script at its first prompt", async () => {
    const s = await conversationalReminderCall();
    await telephony.deliver(s.leg.initiated(at(1)), { receptionist });
    await telephony.deliver(s.leg.answered(at(5)), { receptionist });
    await telephony.deliver(s.leg.machineDetectionEnded(at(7), "human"), { receptionist });
    const start = telephony.api.actionsFor(s.leg.callControlId).find((r) => actionName(r) === "streaming_start")!;
    const attempt = await FakeTelnyxMediaStream.connect(`ws://127.0.0.1:${voice.server.port}${STREAM_PATH}`, String(start.body.stream_auth_token), s.leg.callControlId);
    if (!attempt.accepted) throw new Error("refused");
    attempt.stream.start();
    const call = await t.db.call.findFirstOrThrow({ where: { userId: s.user.id } });
    await waitFor(() => t.db.voiceTurn.findFirst({ where: { callId: call.id, index: 0 } }), { what: "the greeting", intervalMs: 50 });
    voice.deepgram.dropAll(1011);
    const gather = await waitFor(
      async () => voice.telnyx.actionsFor(s.leg.callControlId).find((r) => actionName(r) === "gather_using_speak") ?? null,
      { what: "the key prompt", intervalMs: 25 },
    );
    expect(gather.body).toMatchObject({ payload: `${MESSAGE} Press 1 to confirm, or 2 to hear this message again.`, valid_digits: "12" });

    // Telnyx reports the key with that client_state: the script confirms as usual.
    s.leg.clientState = String(gather.body.client_state);
    await telephony.deliver(s.leg.gatherEnded(at(20), "1"), { receptionist });
    expect((await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: s.attemptId } })).outcome).toBe("confirmed");
    attempt.stream.stop();
  });

  it("without the agent's keys the reminder call asks for the key as before", async () => {
    const s = await conversationalReminderCall();
    const noKeys = { keys: { deepgram: true, anthropic: false, elevenlabs: true }, streamUrl: receptionist.streamUrl };
    await telephony.deliver(s.leg.initiated(at(1)), { receptionist: noKeys });
    await telephony.deliver(s.leg.answered(at(5)), { receptionist: noKeys });
    await telephony.deliver(s.leg.machineDetectionEnded(at(7), "human"), { receptionist: noKeys });
    const sent = telephony.api.actionsFor(s.leg.callControlId).map((r) => actionName(r));
    expect(sent).toContain("gather_using_speak");
    expect(sent).not.toContain("streaming_start");
  });
});
