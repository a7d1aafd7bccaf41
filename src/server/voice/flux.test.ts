import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS } from "~/server/voice/agent/types";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { silenceAudio, speechAudio } from "~/test/fakes/deepgram-live";
import { agentAudio, callerSays, receptionistCall, startVoiceHarness, type VoiceHarness } from "~/test/voice";
import { waitFor } from "~/test/wait";

/**
 * The receptionist on Deepgram Flux: the reply starts on Flux's eager end of turn, its audio held
 * back until the end of turn confirms it, and dropped unheard when the caller goes on.
 */

let t: TestDatabase;
let h: VoiceHarness;
beforeAll(async () => {
  t = await startTestDatabase();
  h = await startVoiceHarness(t.db, { ttsMsPerCharacter: 2, transcriberModel: "flux-general-en" });
});
afterAll(async () => {
  await h?.close();
  await t?.stop();
});
beforeEach(() => {
  Object.assign(h.timings, DEFAULT_TIMINGS, { silenceMs: 60_000 });
  h.deepgram.finalDelayMs = 0;
});

const turnDone = (callId: string, index: number) =>
  waitFor(async () => (await t.db.voiceTurn.findFirst({ where: { callId, index } })) ?? null, { what: `turn ${index}`, intervalMs: 50 });

describe("the receptionist on Flux", () => {
  it("answers from the eager end of turn: the model is asked before the turn ends, and the answer plays once it does", async () => {
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    const flux = h.deepgram.connections().at(-1)!;
    expect(flux.path).toBe("/v2/listen");
    expect(flux.query).toMatchObject({ model: "flux-general-en", encoding: "mulaw", sample_rate: "8000", eager_eot_threshold: "0.5" });

    // The end of turn comes 300 ms after the eager one: the model has answered by then.
    h.deepgram.finalDelayMs = 300;
    h.anthropic.queueStream({ text: "Sam is in a meeting until three.", firstTokenDelayMs: 250 });
    callerSays(h, call.telnyx, "Is Sam around?", 600, 500);
    const turn = await turnDone(call.callId, 1);
    expect(turn.callerText).toBe("Is Sam around?");
    expect(turn.agentText).toBe("Sam is in a meeting until three.");
    const sent = flux.sent.filter((m) => m.type === "TurnInfo").map((m) => m.event);
    expect(sent).toContain("EagerEndOfTurn");
    // The model worked while Flux was still deciding: the caller waited less than the end of
    // turn and the model's first token one after the other.
    expect(h.anthropic.streams().at(-1)!.outcome).toBe("complete");
    expect(turn.sttMs!).toBeGreaterThanOrEqual(250);
    expect(turn.llmMs!).toBeGreaterThanOrEqual(200);
    expect(turn.latencyMs!).toBeLessThan(turn.sttMs! + turn.llmMs!);
    expect(agentAudio(call.telnyx).includes(h.elevenlabs.contextByte("turn-1"))).toBe(true);
    call.telnyx.stop();
  });

  it("the caller going on after an eager end of turn drops the speculative answer unheard and answers the whole turn", async () => {
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    h.deepgram.finalDelayMs = 0;
    h.deepgram.queueUtterance("Is Sam around today or tomorrow?");
    h.anthropic.queueStream({ text: "Speculative answer nobody should hear.", firstTokenDelayMs: 0 });
    h.anthropic.queueStream({ text: "He is in tomorrow morning." });
    // Speech, a 260 ms pause (eager end of turn at 200 ms), more speech, then the end.
    call.telnyx.sendAudio(speechAudio(500));
    call.telnyx.sendAudio(silenceAudio(260));
    await waitFor(async () => (h.deepgram.connections().at(-1)!.sent.some((m) => m.event === "EagerEndOfTurn") ? true : null), {
      what: "the eager end of turn",
      intervalMs: 10,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    call.telnyx.sendAudio(speechAudio(300));
    call.telnyx.sendAudio(silenceAudio(600));

    const turn = await waitFor(() => t.db.voiceTurn.findFirst({ where: { callId: call.callId, index: { gt: 0 } } }), { what: "the answered turn", intervalMs: 50 });
    expect(turn.agentText).toBe("He is in tomorrow morning.");
    const sent = h.deepgram.connections().at(-1)!.sent.map((m) => m.event);
    expect(sent).toContain("TurnResumed");
    // Not a byte of the speculative answer reached the caller, and only one turn was kept.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agentAudio(call.telnyx).includes(h.elevenlabs.contextByte("turn-1"))).toBe(false);
    expect(await t.db.voiceTurn.count({ where: { callId: call.callId } })).toBe(2);
    call.telnyx.stop();
  });
});
