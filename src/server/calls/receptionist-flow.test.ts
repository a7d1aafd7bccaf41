import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashStreamToken } from "~/server/voice/stream-tokens";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { actionName } from "~/test/fakes/telnyx-api";
import { CallLeg } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, dialedLeg, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";

/**
 * Inbound calls to a number with the voice receptionist: which calls it takes, and how the call
 * reaches it (record, then a media stream with a fresh single-use token), through the webhook
 * path production uses against the fake Telnyx API.
 */

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

const STREAM_URL = "wss://phone.example.test/voice/stream";
const ALL_KEYS = { deepgram: true, anthropic: true, elevenlabs: true };
const receptionist = { keys: ALL_KEYS, streamUrl: STREAM_URL };
const T0 = new Date("2026-12-21T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const CALLER = "+13125550100";

async function inboundCall(settings: Record<string, unknown>, options: { personalPhone?: string | null } = {}) {
  const { user, number } = await createTelnyxUser(t.db, { personalPhone: options.personalPhone === undefined ? "+13125550111" : options.personalPhone, name: "Pat" });
  await t.db.phoneNumber.update({ where: { id: number.id }, data: settings });
  const caller = new CallLeg({ from: CALLER, to: number.e164, direction: "incoming" });
  return { user, number, caller };
}

const actionsOf = (callControlId: string) => h.api.actionsFor(callControlId).map((r) => actionName(r));

describe("the receptionist in the call flow", () => {
  it("always: the answered call is recorded and streamed to the voice process with a single-use token; no greeting, no forwarding", async () => {
    const { user, caller } = await inboundCall({ receptionistMode: "always" });
    await h.deliver(caller.initiated(at(0)), { receptionist });
    await h.deliver(caller.answered(at(1)), { receptionist });

    expect(actionsOf(caller.callControlId)).toEqual(["answer", "record_start", "streaming_start"]);
    expect(h.api.find("/v2/calls", "POST")).toHaveLength(0);
    const stream = h.api.actionsFor(caller.callControlId).find((r) => actionName(r) === "streaming_start")!;
    const body = stream.body as Record<string, unknown>;
    expect(body).toMatchObject({
      stream_url: STREAM_URL,
      stream_track: "inbound_track",
      stream_bidirectional_mode: "rtp",
      stream_bidirectional_codec: "PCMU",
      stream_bidirectional_sampling_rate: 8000,
    });
    const token = String(body.stream_auth_token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is stored, for this call, unused.
    const call = await t.db.call.findFirstOrThrow({ where: { userId: user.id } });
    const row = await t.db.voiceStream.findUniqueOrThrow({ where: { tokenHash: hashStreamToken(token) } });
    expect(row).toMatchObject({ callId: call.id, userId: user.id, purpose: "receptionist", connectedAt: null });
    expect(JSON.stringify(await t.db.callEvent.findMany({ where: { callId: call.id } }))).not.toContain(token);
  });

  it("without the agent's keys, or without a public address, the call behaves as today (greeting and forwarding)", async () => {
    for (const missing of [{ keys: { ...ALL_KEYS, elevenlabs: false }, streamUrl: STREAM_URL }, { keys: ALL_KEYS, streamUrl: null }]) {
      const { caller } = await inboundCall({ receptionistMode: "always" });
      await h.deliver(caller.initiated(at(0)), { receptionist: missing });
      await h.deliver(caller.answered(at(1)), { receptionist: missing });
      expect(actionsOf(caller.callControlId)).toEqual(["answer", "record_start", "speak"]);
      expect(h.api.find("/v2/calls", "POST").at(-1)?.body).toMatchObject({ to: "+13125550111" });
    }
  });

  it("when the user does not answer within N seconds: their phone rings N seconds, then the receptionist takes the caller", async () => {
    const { caller } = await inboundCall({ receptionistMode: "no_answer", receptionistAnswerAfterSeconds: 12 });
    await h.deliver(caller.initiated(at(0)), { receptionist });
    await h.deliver(caller.answered(at(1)), { receptionist });
    expect(actionsOf(caller.callControlId)).toEqual(["answer", "record_start", "speak"]);
    const dial = h.api.find("/v2/calls", "POST").at(-1)!;
    expect(dial.body).toMatchObject({ to: "+13125550111", timeout_secs: 12 });

    const userLeg = dialedLeg(dial);
    await h.deliver(userLeg.initiated(at(2)), { receptionist });
    await h.deliver(userLeg.hangup(at(14), "timeout", "unknown"), { receptionist });
    expect(actionsOf(caller.callControlId)).toEqual(["answer", "record_start", "speak", "streaming_start"]);
  });

  it("with the receptionist off, the number's own greeting and voicemail prompt are spoken", async () => {
    const { caller } = await inboundCall(
      { greetingText: "Thanks for calling {name}. Hold on, please.", businessName: "Pat's Bakery", voicemailPromptText: "Leave your order after the tone." },
      {},
    );
    await h.deliver(caller.initiated(at(0)), { receptionist });
    await h.deliver(caller.answered(at(1)), { receptionist });
    const speak = h.api.actionsFor(caller.callControlId).find((r) => actionName(r) === "speak")!;
    expect((speak.body as { payload: string }).payload).toBe("Thanks for calling Pat's Bakery. Hold on, please.");

    const dial = h.api.find("/v2/calls", "POST").at(-1)!;
    const userLeg = dialedLeg(dial);
    await h.deliver(userLeg.hangup(at(20), "timeout", "unknown"), { receptionist });
    const prompts = h.api.actionsFor(caller.callControlId).filter((r) => actionName(r) === "speak");
    expect((prompts.at(-1)!.body as { payload: string }).payload).toBe("Leave your order after the tone.");
  });
});
