import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/server/db";
import { decodeClientState } from "~/server/telephony/client-state";
import { createLocalTelephony } from "~/server/telephony/provider";
import { processWebhookEvent } from "~/server/webhooks/process";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf } from "~/test/errors";
import { actionName, type RecordedRequest } from "~/test/fakes/telnyx-api";
import { CallLeg, type TelnyxEnvelope } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, dialedLeg, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";

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

const T0 = new Date("2026-11-20T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const CALLER = "+13125550100";
const PERSONAL = "+13125550111";

function expectAuthorized(requests: RecordedRequest[]) {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) expect(r.headers.authorization).toBe(`Bearer ${h.api.apiKey}`);
}

async function callOf(db: Db, userId: string) {
  const calls = await db.call.findMany({ where: { userId } });
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

async function contact(db: Db, userId: string, firstName: string, phones: string[]) {
  return db.contact.create({ data: { userId, firstName, lastName: "Lovelace", phones } });
}

function lastDial(): RecordedRequest & { response: { data: { call_control_id: string; call_session_id: string } } } {
  const dials = h.api.find("/v2/calls");
  const dial = dials[dials.length - 1];
  expect(dial).toBeDefined();
  return dial as never;
}

describe("inbound call, answered on the user's phone", () => {
  it("creates the call, answers with client_state, records, greets, forwards, bridges, and ends completed", async () => {
    const { user, number } = await createTelnyxUser(t.db, { personalPhone: PERSONAL, name: "Pat" });
    const ada = await contact(t.db, user.id, "Ada", [CALLER]);
    const caller = new CallLeg({ from: CALLER, to: number.e164, direction: "incoming" });

    expect(await h.deliver(caller.initiated(at(0)))).toEqual({ status: "processed", userId: user.id });
    let call = await callOf(t.db, user.id);
    expect(call).toMatchObject({
      direction: "inbound",
      status: "ringing",
      fromNumber: CALLER,
      toNumber: number.e164,
      counterpartNumber: CALLER,
      contactId: ada.id,
      phoneNumberId: number.id,
      telnyxCallControlId: caller.callControlId,
      telnyxCallLegId: caller.callLegId,
      telnyxCallSessionId: caller.callSessionId,
    });
    expect(call.startedAt).toEqual(at(0));

    const answer = h.api.actionsFor(caller.callControlId);
    expect(answer.map(actionName)).toEqual(["answer"]);
    expectAuthorized(answer);
    expect(decodeClientState(answer[0]!.body.client_state)).toEqual({ callId: call.id, leg: "caller" });
    expect(answer[0]!.body.command_id).toEqual(expect.any(String));
    caller.clientState = String(answer[0]!.body.client_state);

    await h.deliver(caller.answered(at(1)));
    expect(h.api.actionsFor(caller.callControlId).map(actionName)).toEqual(["answer", "record_start", "speak"]);
    const [, record, speak] = h.api.actionsFor(caller.callControlId);
    expect(record!.body).toMatchObject({ channels: "dual", format: "mp3" });
    expect(speak!.body).toMatchObject({ voice: "female", language: "en-US" });
    expect(String(speak!.body.payload)).toMatch(/reached Pat.*connect you/);
    const dial = lastDial();
    expectAuthorized([record!, speak!, dial]);
    expect(dial.body).toMatchObject({
      connection_id: number.connectionId,
      from: number.e164,
      to: PERSONAL,
      link_to: caller.callControlId,
      bridge_on_answer: true,
    });
    expect(decodeClientState(dial.body.client_state)).toEqual({ callId: call.id, leg: "user" });
    expect((await callOf(t.db, user.id)).status).toBe("in_progress");

    const userLeg = dialedLeg(dial);
    await h.deliver(userLeg.initiated(at(1.5)));
    await h.deliver(userLeg.answered(at(6)));
    await h.deliver(caller.bridged(at(6.2)));
    call = await callOf(t.db, user.id);
    expect(call).toMatchObject({ status: "in_progress", answeredAt: at(6), endedAt: null });

    await h.deliver(caller.hangup(at(66), "normal_clearing", "caller"));
    // The user's leg is hung up with the caller's.
    expect(h.api.actionsFor(userLeg.callControlId).map(actionName)).toEqual(["hangup"]);
    await h.deliver(userLeg.hangup(at(66.4), "normal_clearing", "unknown"));
    await h.deliver(caller.recordingSaved(at(67), at(1), at(66)));

    call = await callOf(t.db, user.id);
    expect(call).toMatchObject({
      status: "completed",
      answeredAt: at(6),
      endedAt: at(66),
      durationSeconds: 60,
      hangupCause: "normal_clearing",
      hangupSource: "caller",
      recordingFormat: "mp3",
      recordingSeconds: 65,
      fetchStatus: "pending",
      lastEventAt: at(67),
      errorDetail: null,
    });
    expect(call.recordingUrl).toMatch(/\.mp3\?/);
    expect(call.telnyxRecordingId).toEqual(expect.any(String));

    const fetchJobs = await t.db.$queryRaw<{ data: unknown }[]>`SELECT data FROM pgboss.job WHERE name = 'recording.fetch' AND data->>'callId' = ${call.id}`;
    expect(fetchJobs.map((j) => j.data)).toEqual([{ callId: call.id, userId: user.id }]);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: ada.id } })).lastContactedAt).toEqual(at(0));
    expect(await t.db.notification.count({ where: { userId: user.id } })).toBe(0);

    // Every stored webhook is processed and routed to the user.
    const webhooks = await t.db.webhookEvent.findMany({ where: { userId: user.id } });
    expect(webhooks).toHaveLength(8);
    expect(webhooks.every((w) => w.status === "processed" && w.attempts === 1)).toBe(true);

    // calls.get: the contact and the timeline (provider events and our commands, in time order).
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    const detail = await api.calls.get({ id: call.id });
    expect(detail.contact).toMatchObject({ id: ada.id, firstName: "Ada" });
    expect(detail.hasRecording).toBe(true);
    expect(detail).not.toHaveProperty("recordingUrl");
    const provider = detail.events.filter((e) => !e.eventType.startsWith("intent."));
    expect(provider.map((e) => e.eventType)).toEqual([
      "call.initiated",
      "call.answered",
      "call.initiated",
      "call.answered",
      "call.bridged",
      "call.hangup",
      "call.hangup",
      "call.recording.saved",
    ]);
    expect(provider.map((e) => (e.payload as { leg: string }).leg)).toEqual(["caller", "caller", "user", "user", "caller", "caller", "user", "caller"]);
    expect(JSON.stringify(detail)).not.toContain("X-Amz-Signature");
    expect((provider[7]!.payload as { recording: unknown }).recording).toMatchObject({ hasMp3: true, hasWav: true, channels: "dual" });
    expect(detail.events.filter((e) => e.eventType.startsWith("intent.")).map((e) => [e.eventType, (e.payload as { status: string }).status])).toEqual(
      expect.arrayContaining([
        ["intent.answer", "sent"],
        ["intent.record_start", "sent"],
        ["intent.speak_greeting", "sent"],
        ["intent.dial_user", "sent"],
        ["intent.hangup_other_leg", "sent"],
      ]),
    );
  });
});

describe("inbound call that does not reach the user", () => {
  it("is a missed call when the caller hangs up before the answer, with a notification", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550101", to: number.e164, direction: "incoming" });
    await h.deliver(caller.initiated(at(0)));
    await h.deliver(caller.hangup(at(4), "originator_cancel", "caller"));

    const call = await callOf(t.db, user.id);
    expect(call).toMatchObject({ status: "missed", contactId: null, answeredAt: null, endedAt: at(4), durationSeconds: 0, hangupCause: "originator_cancel" });
    const notices = await t.db.notification.findMany({ where: { userId: user.id } });
    expect(notices).toEqual([
      expect.objectContaining({ type: "missed_call", title: "Missed call from (312) 555-0101", link: `/calls/${call.id}`, readAt: null }),
    ]);
  });

  it("is a voicemail when Switchboard answered, nobody could be reached and a recording was saved", async () => {
    const { user, number } = await createTelnyxUser(t.db, { name: "Robin" });
    const bea = await contact(t.db, user.id, "Bea", ["+13125550102"]);
    const caller = new CallLeg({ from: "+13125550102", to: number.e164, direction: "incoming" });
    await h.deliver(caller.initiated(at(0)));
    caller.clientState = String(h.api.actionsFor(caller.callControlId)[0]!.body.client_state);
    await h.deliver(caller.answered(at(1)));
    // No personal phone: the greeting asks for a message, and nothing is dialed.
    expect(h.api.actionsFor(caller.callControlId).map(actionName)).toEqual(["answer", "record_start", "speak"]);
    expect(String(h.api.actionsFor(caller.callControlId)[2]!.body.payload)).toMatch(/reached Robin.*leave a message/);
    expect(h.api.find("/v2/calls")).toHaveLength(0);

    await h.deliver(caller.hangup(at(31), "normal_clearing", "caller"));
    // The recording usually arrives after the hangup: until then it looks missed.
    expect((await callOf(t.db, user.id)).status).toBe("missed");
    const missed = await t.db.notification.findFirstOrThrow({ where: { userId: user.id } });
    expect(missed.type).toBe("missed_call");
    await t.db.notification.update({ where: { id: missed.id }, data: { readAt: new Date() } });

    await h.deliver(caller.recordingSaved(at(32), at(1), at(31)));
    const call = await callOf(t.db, user.id);
    expect(call).toMatchObject({ status: "voicemail", contactId: bea.id, answeredAt: null, durationSeconds: 30, recordingSeconds: 30 });
    // The same notice, now saying voicemail, unread again.
    const notices = await t.db.notification.findMany({ where: { userId: user.id } });
    expect(notices).toEqual([expect.objectContaining({ id: missed.id, type: "voicemail", title: "Voicemail from Bea Lovelace", readAt: null })]);
  });

  it("goes to voicemail when the forwarded leg rings out, and hangs nothing up twice", async () => {
    const { user, number } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const caller = new CallLeg({ from: "+13125550103", to: number.e164, direction: "incoming" });
    await h.deliver(caller.initiated(at(0)));
    caller.clientState = String(h.api.actionsFor(caller.callControlId)[0]!.body.client_state);
    await h.deliver(caller.answered(at(1)));
    const userLeg = dialedLeg(lastDial());
    await h.deliver(userLeg.initiated(at(1.2)));
    await h.deliver(userLeg.hangup(at(26), "timeout", "unknown"));
    // Nobody answered: the caller is asked for a message.
    const prompts = h.api.actionsFor(caller.callControlId).filter((r) => actionName(r) === "speak");
    expect(prompts.map((r) => String(r.body.payload))).toEqual([expect.stringMatching(/connect you/), expect.stringMatching(/leave a message/)]);
    await h.deliver(caller.hangup(at(50), "normal_clearing", "caller"));
    await h.deliver(caller.recordingSaved(at(51), at(1), at(50)));
    expect(h.api.actionsFor(userLeg.callControlId)).toHaveLength(0);
    expect(await callOf(t.db, user.id)).toMatchObject({ status: "voicemail", durationSeconds: 49 });
    expect(await t.db.notification.findMany({ where: { userId: user.id } })).toEqual([expect.objectContaining({ type: "voicemail" })]);
  });

  it("stores and ignores a call to a number nobody owns", async () => {
    const caller = new CallLeg({ from: CALLER, to: "+14155559999", direction: "incoming" });
    const event = caller.initiated(at(0));
    const outcome = await h.deliver(event);
    expect(outcome).toEqual({ status: "ignored", reason: "no user owns +14155559999" });
    const row = await t.db.webhookEvent.findFirstOrThrow({ where: { eventId: event.data.id } });
    expect(row).toMatchObject({ status: "ignored", userId: null, error: "no user owns +14155559999" });
    expect(row.processedAt).not.toBeNull();
    expect(await t.db.call.count({ where: { toNumber: "+14155559999" } })).toBe(0);
    expect(h.api.requests).toHaveLength(0);
  });
});

describe("outbound click-to-call", () => {
  it("creates the call first, rings the user's phone, then dials and bridges the contact, and ends completed", async () => {
    const { user, number } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const bob = await t.db.contact.create({ data: { userId: user.id, firstName: "Bob", phones: ["+12025550123"] } });
    const api = await callerFor(t.db, user, { telephony: h.telnyx });

    const placed = await api.calls.dial({ contactId: bob.id });
    expect(placed).toMatchObject({ direction: "outbound", status: "initiated", toNumber: "+12025550123", counterpartNumber: "+12025550123", fromNumber: number.e164, contact: { id: bob.id } });
    const dialUser = lastDial();
    expectAuthorized([dialUser]);
    expect(dialUser.body).toMatchObject({ connection_id: number.connectionId, from: number.e164, to: PERSONAL, command_id: `dial:${placed.id}` });
    expect(decodeClientState(dialUser.body.client_state)).toEqual({ callId: placed.id, leg: "user" });
    let call = await callOf(t.db, user.id);
    expect(call.telnyxCallControlId).toBe(dialUser.response.data.call_control_id);

    const userLeg = dialedLeg(dialUser);
    await h.deliver(userLeg.initiated(at(0)));
    await h.deliver(userLeg.answered(at(4)));
    const dialContact = lastDial();
    expect(dialContact).not.toBe(dialUser);
    expect(dialContact.body).toMatchObject({
      connection_id: number.connectionId,
      from: number.e164,
      to: "+12025550123",
      link_to: userLeg.callControlId,
      bridge_on_answer: true,
    });
    expect(decodeClientState(dialContact.body.client_state)).toEqual({ callId: placed.id, leg: "contact" });
    expect((await callOf(t.db, user.id)).status).toBe("ringing");

    const contactLeg = dialedLeg(dialContact);
    await h.deliver(contactLeg.initiated(at(4.1)));
    await h.deliver(contactLeg.answered(at(9)));
    expect(h.api.actionsFor(contactLeg.callControlId).map(actionName)).toEqual(["record_start"]);
    expect(h.api.actionsFor(contactLeg.callControlId)[0]!.body).toMatchObject({ channels: "dual", format: "mp3" });
    expect(await callOf(t.db, user.id)).toMatchObject({ status: "in_progress", answeredAt: at(9) });

    await h.deliver(contactLeg.hangup(at(129), "normal_clearing", "callee"));
    expect(h.api.actionsFor(userLeg.callControlId).map(actionName)).toEqual(["hangup"]);
    await h.deliver(userLeg.hangup(at(129.3), "normal_clearing", "unknown"));
    await h.deliver(contactLeg.recordingSaved(at(130), at(9), at(129)));

    call = await callOf(t.db, user.id);
    expect(call).toMatchObject({ status: "completed", answeredAt: at(9), endedAt: at(129), durationSeconds: 120, hangupSource: "callee", recordingSeconds: 120 });
    // The earlier of the click and Telnyx's first event.
    expect(call.startedAt.getTime()).toBeLessThanOrEqual(at(0).getTime());
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: bob.id } })).lastContactedAt).not.toBeNull();
    expect(await t.db.notification.count({ where: { userId: user.id } })).toBe(0);
  });

  it.each([
    ["user_busy", "busy"],
    ["call_rejected", "busy"],
    ["timeout", "no_answer"],
    ["no_answer", "no_answer"],
    ["not_found", "failed"],
  ])("ends %s on the contact's leg as %s", async (cause, status) => {
    const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    await api.calls.dial({ number: "(202) 555-0124" });
    const userLeg = dialedLeg(lastDial());
    await h.deliver(userLeg.answered(at(3)));
    const contactLeg = dialedLeg(lastDial());
    await h.deliver(contactLeg.hangup(at(20), cause, "callee"));
    await h.deliver(userLeg.hangup(at(20.5)));
    expect(await callOf(t.db, user.id)).toMatchObject({ status, answeredAt: null, durationSeconds: 0, hangupCause: cause });
  });

  it("knows the user's leg by its call_control_id even when an event lacks client_state", async () => {
    const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    await (await callerFor(t.db, user, { telephony: h.telnyx })).calls.dial({ number: "+12025550131" });
    const userLeg = dialedLeg(lastDial());
    userLeg.clientState = null;
    await h.deliver(userLeg.initiated(at(0)));
    await h.deliver(userLeg.answered(at(2)));
    const call = await callOf(t.db, user.id);
    const events = await t.db.callEvent.findMany({ where: { callId: call.id, webhookEventId: { not: null } } });
    expect(events.map((e) => (e.payload as { leg: string }).leg)).toEqual(["user", "user"]);
    // ...so its answer still dials the contact.
    expect(lastDial().body).toMatchObject({ to: "+12025550131", link_to: userLeg.callControlId });
  });

  it("fails when the user's own phone is not answered (the contact is never dialed)", async () => {
    const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    await api.calls.dial({ number: "+12025550125" });
    const userLeg = dialedLeg(lastDial());
    await h.deliver(userLeg.initiated(at(0)));
    await h.deliver(userLeg.hangup(at(30), "timeout", "unknown"));
    expect(h.api.find("/v2/calls")).toHaveLength(1);
    expect(await callOf(t.db, user.id)).toMatchObject({ status: "failed", hangupCause: "timeout" });
  });

  it("refuses another user's real number as the from-number: no call stored, nothing dialed", async () => {
    const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const { user: neighbour, number: theirs } = await createTelnyxUser(t.db, { personalPhone: "+13125550112" });
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    expect(await fieldErrorsOf(api.calls.dial({ number: "+12025550128", fromNumberId: theirs.id }))).toEqual({
      fromNumberId: ["Choose one of your numbers."],
    });
    expect(await t.db.call.count({ where: { userId: { in: [user.id, neighbour.id] } } })).toBe(0);
    expect(h.api.requests).toHaveLength(0);
  });

  it("records a not-sent call without TELNYX_API_KEY, with that reason", async () => {
    // The local provider: what the app runs with when TELNYX_API_KEY is not set.
    const user = await createTestUser(t.db);
    const api = await callerFor(t.db, user, { telephony: createLocalTelephony() });
    const placed = await api.calls.dial({ number: "+12025550126" });
    expect(placed).toMatchObject({ status: "failed", errorDetail: "not sent: TELNYX_API_KEY not set", fromNumber: "" });
    const detail = await api.calls.get({ id: placed.id });
    expect(detail.events).toEqual([
      expect.objectContaining({ eventType: "intent.dial_user", payload: expect.objectContaining({ status: "not_sent", reason: "not sent: TELNYX_API_KEY not set" }) }),
    ]);
    expect(h.api.requests).toHaveLength(0);
  });

  it("marks the call failed with the provider's error and answers a typed error", async () => {
    const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    h.api.respondNext("/v2/calls", { status: 422, body: { errors: [{ code: "90018", title: "Invalid destination", detail: "The destination number is not reachable." }] } });
    await expect(api.calls.dial({ number: "+12025550127" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not reachable/) });
    expect(await callOf(t.db, user.id)).toMatchObject({ status: "failed", errorDetail: expect.stringMatching(/422.*not reachable/) });

    const { user: other } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const otherApi = await callerFor(t.db, other, { telephony: h.telnyx });
    h.api.respondNext("/v2/calls", { status: 503, body: { errors: [{ title: "Service unavailable" }] } });
    await expect(otherApi.calls.dial({ number: "+12025550127" })).rejects.toMatchObject({ code: "BAD_GATEWAY" });
    expect(await callOf(t.db, other.id)).toMatchObject({ status: "failed", errorDetail: expect.stringMatching(/503/) });
  });
});

describe("Call Control commands that fail", () => {
  it("retries a transient failure without repeating the commands that went through", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550104", to: number.e164, direction: "incoming" });
    await h.deliver(caller.initiated(at(0)));
    h.api.respondNext(/\/actions\/speak$/, { status: 500, body: { errors: [{ title: "Internal error" }] } });
    const answered = caller.answered(at(1));
    await expect(h.deliver(answered)).rejects.toThrow(/speak_greeting/);
    const row = await t.db.webhookEvent.findFirstOrThrow({ where: { eventId: answered.data.id } });
    expect(row).toMatchObject({ status: "received", attempts: 1, error: expect.stringMatching(/speak_greeting/) });

    // The job's retry: the event is not applied twice; only the failed command is sent again.
    await processWebhookEvent(h.deps(), row.id);
    expect(h.api.actionsFor(caller.callControlId).map((r) => [actionName(r), r.status])).toEqual([
      ["answer", 200],
      ["record_start", 200],
      ["speak", 500],
      ["speak", 200],
    ]);
    expect(await t.db.webhookEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "processed", attempts: 2, error: null });
    expect(await t.db.callEvent.count({ where: { webhookEventId: row.id } })).toBe(1);
    expect((await callOf(t.db, user.id)).status).toBe("in_progress");
  });

  it("records a refused command (the caller already hung up) and carries on", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550105", to: number.e164, direction: "incoming" });
    h.api.respondNext(/\/actions\/answer$/, { status: 422, body: { errors: [{ code: "90018", title: "Call has already ended" }] } });
    expect(await h.deliver(caller.initiated(at(0)))).toMatchObject({ status: "processed" });
    const call = await callOf(t.db, user.id);
    const intents = await t.db.callEvent.findMany({ where: { callId: call.id, eventType: "intent.answer" } });
    expect(intents.map((i) => i.payload)).toEqual([expect.objectContaining({ status: "rejected", error: expect.stringMatching(/already ended/) })]);
  });

  it("records answers as not sent without TELNYX_API_KEY; the webhooks still work", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550106", to: number.e164, direction: "incoming" });
    await h.deliver(caller.initiated(at(0)), { telephony: createLocalTelephony() });
    const call = await callOf(t.db, user.id);
    const intents = await t.db.callEvent.findMany({ where: { callId: call.id, eventType: { startsWith: "intent." } } });
    expect(intents.map((i) => [i.eventType, i.payload])).toEqual([
      ["intent.answer", expect.objectContaining({ status: "not_sent", reason: "not sent: TELNYX_API_KEY not set" })],
    ]);
    expect(h.api.requests).toHaveLength(0);
  });
});

// ───────────── late, repeated and out-of-order delivery converge ─────────────

interface Outcome {
  status: string;
  answeredAfter: number | null;
  endedAfter: number | null;
  durationSeconds: number | null;
  hangupCause: string | null;
  recordingSeconds: number | null;
  hasContact: boolean;
  providerEvents: string[];
  notifications: string[];
  fetchJobs: number;
}

async function outcomeOf(userId: string): Promise<Outcome> {
  const call = await callOf(t.db, userId);
  const events = await t.db.callEvent.findMany({ where: { callId: call.id, NOT: { eventType: { startsWith: "intent." } } }, orderBy: { occurredAt: "asc" } });
  const notices = await t.db.notification.findMany({ where: { userId } });
  const jobs = await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'recording.fetch' AND data->>'callId' = ${call.id}`;
  const since = (d: Date | null) => (d ? (d.getTime() - T0.getTime()) / 1000 : null);
  return {
    status: call.status,
    answeredAfter: since(call.answeredAt),
    endedAfter: since(call.endedAt),
    durationSeconds: call.durationSeconds,
    hangupCause: call.hangupCause,
    recordingSeconds: call.recordingSeconds,
    hasContact: !!call.contactId,
    providerEvents: events.map((e) => `${e.eventType}/${(e.payload as { leg: string }).leg}`).sort(),
    notifications: notices.map((n) => `${n.type}:${n.readAt ? "read" : "unread"}`),
    fetchJobs: Number(jobs[0]?.n ?? 0),
  };
}

/** Orders to replay in: as sent, reversed, and a few fixed shuffles (deterministic). */
function orders<T>(items: T[]): T[][] {
  const seeded = (seed: number) => {
    const copy = [...items];
    let s = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  return [items, [...items].reverse(), seeded(1), seeded(7), seeded(42)];
}

type Scenario = (deliverAll: (events: TelnyxEnvelope[]) => Promise<void>) => Promise<string>;

async function runScenario(scenario: Scenario, order: (events: TelnyxEnvelope[]) => TelnyxEnvelope[], duplicate = false): Promise<Outcome> {
  const userId = await scenario(async (events) => {
    for (const event of order(events)) {
      await h.deliver(event);
      if (duplicate) await h.deliver(event);
    }
  });
  return outcomeOf(userId);
}

const voicemailScenario: Scenario = async (deliverAll) => {
  const { user, number } = await createTelnyxUser(t.db);
  await contact(t.db, user.id, "Cy", ["+13125550107"]);
  const caller = new CallLeg({ from: "+13125550107", to: number.e164, direction: "incoming" });
  await deliverAll([caller.initiated(at(0)), caller.answered(at(1)), caller.hangup(at(40), "normal_clearing", "caller"), caller.recordingSaved(at(41), at(1), at(40))]);
  return user.id;
};

const missedScenario: Scenario = async (deliverAll) => {
  const { user, number } = await createTelnyxUser(t.db);
  const caller = new CallLeg({ from: "+13125550108", to: number.e164, direction: "incoming" });
  await deliverAll([caller.initiated(at(0)), caller.hangup(at(9), "originator_cancel", "caller")]);
  return user.id;
};

/** Inbound with forwarding: the first two events must come first (the user's leg is dialed on answer). */
const forwardedScenario: Scenario = async (deliverAll) => {
  const { user, number } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
  const caller = new CallLeg({ from: "+13125550109", to: number.e164, direction: "incoming" });
  await h.deliver(caller.initiated(at(0)));
  caller.clientState = String(h.api.actionsFor(caller.callControlId)[0]!.body.client_state);
  await h.deliver(caller.answered(at(1)));
  const userLeg = dialedLeg(lastDial());
  await deliverAll([
    userLeg.initiated(at(1.1)),
    userLeg.answered(at(5)),
    caller.bridged(at(5.1)),
    caller.hangup(at(95), "normal_clearing", "caller"),
    userLeg.hangup(at(95.2), "normal_clearing", "unknown"),
    caller.recordingSaved(at(96), at(1), at(95)),
  ]);
  return user.id;
};

/** Outbound: the user's answer must come first (the contact is dialed on it). */
const outboundScenario: Scenario = async (deliverAll) => {
  const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
  await t.db.contact.create({ data: { userId: user.id, firstName: "Dee", phones: ["+12025550130"] } });
  await (await callerFor(t.db, user, { telephony: h.telnyx })).calls.dial({ number: "+12025550130" });
  const userLeg = dialedLeg(lastDial());
  await h.deliver(userLeg.initiated(at(0)));
  await h.deliver(userLeg.answered(at(3)));
  const contactLeg = dialedLeg(lastDial());
  await deliverAll([
    contactLeg.initiated(at(3.1)),
    contactLeg.answered(at(8)),
    contactLeg.hangup(at(68), "normal_clearing", "callee"),
    userLeg.hangup(at(68.1), "normal_clearing", "unknown"),
    contactLeg.recordingSaved(at(69), at(8), at(68)),
  ]);
  return user.id;
};

describe("events arriving late, twice or out of order", () => {
  it.each([
    ["a voicemail", voicemailScenario, "voicemail"],
    ["a missed call", missedScenario, "missed"],
    ["a forwarded inbound call", forwardedScenario, "completed"],
    ["an outbound call", outboundScenario, "completed"],
  ] as const)("%s ends in the same state in every order, and with every event delivered twice", async (_name, scenario, finalStatus) => {
    const inOrder = await runScenario(scenario, (events) => events);
    expect(inOrder.status).toBe(finalStatus);
    for (const order of orders([0, 1, 2, 3, 4, 5].slice(0, 6))) {
      const shuffled = await runScenario(scenario, (events) => order.filter((i) => i < events.length).map((i) => events[i]!).concat(events.filter((_, i) => !order.includes(i))));
      expect(shuffled).toEqual(inOrder);
    }
    expect(await runScenario(scenario, (events) => events, true)).toEqual(inOrder);
  });
});
