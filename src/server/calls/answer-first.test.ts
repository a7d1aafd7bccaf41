import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeClientState, encodeClientState } from "~/server/telephony/client-state";
import type { StoredWebhook } from "~/server/telephony/types";
import { processWebhookEvent } from "~/server/webhooks/process";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { actionName } from "~/test/fakes/telnyx-api";
import { CallLeg, type TelnyxEnvelope } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { callIdForControlId } from "./apply-event";
import { answerCallFirst } from "./events";

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
beforeEach(() => h.api.reset());

/** Stores the event as the route does; returns it as processing sees it. */
async function stored(event: TelnyxEnvelope): Promise<StoredWebhook> {
  const id = await h.ingest(event);
  return { id: id!, eventType: event.data.event_type, occurredAt: new Date(event.data.occurred_at), receivedAt: new Date(), payload: event.data.payload };
}

const answersTo = (leg: CallLeg) => h.api.actionsFor(leg.callControlId).filter((r) => actionName(r) === "answer");

describe("answering a new inbound call first", () => {
  it("answers before the call exists, naming in client_state the call that applying the event then creates", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550160", to: number.e164, direction: "incoming" });
    const webhook = await stored(caller.initiated(new Date()));

    const answered = await answerCallFirst(h.deps(), webhook);
    expect(answered?.intent.status).toBe("sent");
    expect(await t.db.call.count({ where: { userId: user.id } })).toBe(0);
    const [answer] = answersTo(caller);
    const callId = callIdForControlId(caller.callControlId);
    expect(decodeClientState(answer?.body.client_state)).toEqual({ callId, leg: "caller" });

    expect(await processWebhookEvent(h.deps(), webhook.id, { answered })).toEqual({ status: "processed", userId: user.id });
    const call = await t.db.call.findFirstOrThrow({ where: { userId: user.id } });
    expect(call.id).toBe(callId);
    // Recorded as the planned answer would be, and not sent again.
    expect(answersTo(caller)).toHaveLength(1);
    const intent = await t.db.callEvent.findFirstOrThrow({ where: { callId, eventType: "intent.answer" } });
    expect(intent.payload).toEqual({ status: "sent", commandId: answer?.body.command_id });

    // Telnyx's next event carries that client_state and finds the call.
    caller.clientState = String(answer?.body.client_state);
    expect(await h.deliver(caller.answered(new Date()))).toEqual({ status: "processed", userId: user.id });
    expect(await t.db.callEvent.count({ where: { callId, eventType: "call.answered" } })).toBe(1);
  });

  it("sends the same command_id again when the process died after answering (Telnyx runs it once)", async () => {
    const { number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550161", to: number.e164, direction: "incoming" });
    const webhook = await stored(caller.initiated(new Date()));
    await answerCallFirst(h.deps(), webhook);
    // The web process is gone: its fallback job processes the event from scratch.
    await processWebhookEvent(h.deps(), webhook.id);
    const answers = answersTo(caller);
    expect(answers).toHaveLength(2);
    expect(answers[1]?.body.command_id).toBe(answers[0]?.body.command_id);
    expect(answers[1]?.body.client_state).toBe(answers[0]?.body.client_state);
    // A retry of the job after that finds the call and its recorded answer: nothing is sent.
    await t.db.webhookEvent.update({ where: { id: webhook.id }, data: { status: "received" } });
    await processWebhookEvent(h.deps(), webhook.id);
    expect(answersTo(caller)).toHaveLength(2);
  });

  it("leaves alone a number no user owns, an outgoing leg, a re-delivered start, and a leg we dialed", async () => {
    const { number } = await createTelnyxUser(t.db);
    const stranger = new CallLeg({ from: "+13125550162", to: "+14155559999", direction: "incoming" });
    expect(await answerCallFirst(h.deps(), await stored(stranger.initiated(new Date())))).toBeNull();

    const outgoing = new CallLeg({ from: number.e164, to: "+13125550163", direction: "outgoing" });
    expect(await answerCallFirst(h.deps(), await stored(outgoing.initiated(new Date())))).toBeNull();

    const caller = new CallLeg({ from: "+13125550164", to: number.e164, direction: "incoming" });
    await h.deliver(caller.initiated(new Date()));
    expect(await answerCallFirst(h.deps(), await stored(caller.initiated(new Date())))).toBeNull();

    const dialed = new CallLeg({
      from: number.e164,
      to: "+13125550165",
      direction: "incoming",
      clientState: encodeClientState({ callId: "some-call", leg: "user" }),
    });
    expect(await answerCallFirst(h.deps(), await stored(dialed.initiated(new Date())))).toBeNull();
    expect(h.api.requests.filter((r) => actionName(r) === "answer")).toHaveLength(1);
  });
});

describe("a call answered first, whose later events are applied before its call.initiated", () => {
  it("applies call.answered to the call it names (creating it), and call.initiated then to the same call", async () => {
    const { user, number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550166", to: number.e164, direction: "incoming" });
    const initiated = await stored(caller.initiated(new Date(Date.now() - 2_000)));
    const answered = await answerCallFirst(h.deps(), initiated);
    caller.clientState = String(answersTo(caller)[0]?.body.client_state);

    // Telnyx's call.answered is processed first (another inline turn, or the worker, got to it).
    expect(await h.deliver(caller.answered(new Date()))).toEqual({ status: "processed", userId: user.id });
    expect(await processWebhookEvent(h.deps(), initiated.id, { answered })).toEqual({ status: "processed", userId: user.id });

    const calls = await t.db.call.findMany({ where: { userId: user.id } });
    expect(calls.map((c) => c.id)).toEqual([callIdForControlId(caller.callControlId)]);
    const events = await t.db.callEvent.findMany({ where: { callId: calls[0]!.id, NOT: { eventType: { startsWith: "intent." } } } });
    expect(events.map((e) => e.eventType).sort()).toEqual(["call.answered", "call.initiated"]);
    // Greeted once (by call.answered) and answered once (first).
    expect(answersTo(caller)).toHaveLength(1);
    expect(h.api.actionsFor(caller.callControlId).filter((r) => actionName(r) === "speak")).toHaveLength(1);
  });

  it("still ignores an event naming a call that no longer exists", async () => {
    const { number } = await createTelnyxUser(t.db);
    const caller = new CallLeg({ from: "+13125550167", to: number.e164, direction: "incoming", clientState: encodeClientState({ callId: "c-deleted", leg: "caller" }) });
    expect(await h.deliver(caller.answered(new Date()))).toEqual({ status: "ignored", reason: "the call of this event no longer exists (c-deleted)" });
  });
});
