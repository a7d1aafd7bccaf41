import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS } from "~/server/voice/agent/types";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { agentAudio, callerSays, receptionistCall, startVoiceHarness, type VoiceHarness } from "~/test/voice";
import { waitFor } from "~/test/wait";
import { AGENT_SPEAKER, CALLER_SPEAKER, LIVE_TRANSCRIPT_PROVIDER } from "./record";

/**
 * The receptionist end to end on a real database: Telnyx's media stream in, the real Deepgram,
 * Anthropic and ElevenLabs clients against their fakes, the Telnyx SDK against the fake Call
 * Control API. Each test is one phone call.
 */

let t: TestDatabase;
let h: VoiceHarness;

beforeAll(async () => {
  t = await startTestDatabase();
  h = await startVoiceHarness(t.db, { ttsMsPerCharacter: 2 });
});
afterAll(async () => {
  await h?.close();
  await t?.stop();
});
beforeEach(() => {
  Object.assign(h.timings, DEFAULT_TIMINGS, { silenceMs: 60_000 });
  h.elevenlabs.msPerCharacter = 2;
});

const turns = (callId: string) => t.db.voiceTurn.findMany({ where: { callId }, orderBy: { index: "asc" } });
/** The agent's turn `index` has been kept (its audio has played to the end, or was cut off). */
const turnDone = (callId: string, index: number) =>
  waitFor(async () => (await t.db.voiceTurn.findFirst({ where: { callId, index } })) ?? null, { what: `turn ${index} of the agent`, intervalMs: 50 });
const actions = (callControlId: string) => h.telnyx.actionsFor(callControlId).map((r) => r.path.split("/").at(-1));
const commandsSent = (callControlId: string, action: string) =>
  waitFor(async () => (actions(callControlId).includes(action) ? h.telnyx.actionsFor(callControlId) : null), { what: `Telnyx ${action}`, intervalMs: 25 });

describe("the voice receptionist", () => {
  it("greets, takes a message (task + notification), ends the call, and stores both sides of the conversation in order", async () => {
    h.anthropic.queueStream({
      text: "Of course, I can take a message for Sam.",
      toolCalls: [{ name: "take_message", input: { message: "Please call Dana back about the invoice before Friday.", callback_number: "+13125550199" } }],
    });
    h.anthropic.queueStream({ text: "Done, Sam will get your message. Anything else?" });
    h.anthropic.queueStream({ text: "Thanks for calling, goodbye!", toolCalls: [{ name: "end_call", input: {} }] });

    const call = await receptionistCall(h, { contact: { firstName: "Dana", lastName: "Lee" }, businessName: "Rivera Plumbing" });
    await turnDone(call.callId, 0);
    expect(agentAudio(call.telnyx).length).toBeGreaterThan(0);

    callerSays(h, call.telnyx, "Hi, is Sam there? I'd like to leave a message about the invoice.");
    await turnDone(call.callId, 1);
    callerSays(h, call.telnyx, "No, that's all, thanks.");
    await commandsSent(call.callControlId, "hangup");
    call.telnyx.stop();

    const task = await waitFor(() => t.db.task.findFirst({ where: { userId: call.userId, callId: call.callId } }), { what: "the message task" });
    expect(task.title).toBe("Message from Dana Lee");
    expect(task.description).toContain("Please call Dana back about the invoice before Friday.");
    expect(task.description).toContain("+13125550199");
    expect(task.contactId).not.toBeNull();
    const notice = await t.db.notification.findFirstOrThrow({ where: { userId: call.userId, type: "message_taken" } });
    expect(notice).toMatchObject({ title: "Message from Dana Lee", link: `/calls/${call.callId}` });

    // The model was told who calls and for whom it answers, and offered the tools.
    const first = h.anthropic.streams().find((s) => JSON.stringify(s.request.json).includes("leave a message about the invoice"))!;
    const body = first.request.json as { system: string; tools: { name: string }[]; model: string };
    expect(body.system).toContain("Dana Lee");
    expect(body.system).toContain("Rivera Plumbing");
    expect(body.tools.map((tool) => tool.name)).toEqual(["lookup_caller", "take_message", "schedule_callback", "transfer_call", "send_sms", "end_call"]);
    // The providers were asked for phone audio both ways.
    const deepgram = h.deepgram.connections().at(-1)!;
    expect(deepgram.query).toMatchObject({ encoding: "mulaw", sample_rate: "8000", interim_results: "true", vad_events: "true" });
    const tts = h.elevenlabs.connections().at(-1)!;
    expect(tts.query).toMatchObject({ output_format: "ulaw_8000", model_id: "eleven_flash_v2_5" });

    const stored = await waitFor(async () => {
      const row = await t.db.call.findUniqueOrThrow({ where: { id: call.callId } });
      return row.transcriptProvider === LIVE_TRANSCRIPT_PROVIDER ? row : null;
    }, { what: "the stored transcript" });
    const segments = stored.transcriptSegments as { speaker: number; start: number; text: string }[];
    expect(segments.map((s) => s.speaker)).toEqual([AGENT_SPEAKER, CALLER_SPEAKER, AGENT_SPEAKER, CALLER_SPEAKER, AGENT_SPEAKER]);
    expect(segments[0]!.text).toContain("Rivera Plumbing");
    expect(segments[1]!.text).toBe("Hi, is Sam there? I'd like to leave a message about the invoice.");
    expect(segments[2]!.text).toBe("Of course, I can take a message for Sam. Done, Sam will get your message. Anything else?");
    expect(segments[4]!.text).toBe("Thanks for calling, goodbye!");
    for (let i = 1; i < segments.length; i += 1) expect(segments[i]!.start).toBeGreaterThanOrEqual(segments[i - 1]!.start);
    expect(stored.transcriptText).toContain("Caller: No, that's all, thanks.");

    const kept = await turns(call.callId);
    expect(kept.map((turn) => turn.index)).toEqual([0, 1, 2]);
    expect(kept[1]!.toolCalls).toEqual([
      { name: "take_message", input: { message: "Please call Dana back about the invoice before Friday.", callback_number: "+13125550199" }, ok: true, result: "The message is saved and the owner has been notified." },
    ]);
    // Caller turns are measured: the wait and its parts.
    for (const turn of kept.slice(1)) {
      expect(turn.latencyMs).not.toBeNull();
      expect(turn.latencyMs!).toBeGreaterThanOrEqual((turn.sttMs ?? 0) + (turn.llmMs ?? 0) + (turn.ttsMs ?? 0));
      expect(turn.engineMs).not.toBeNull();
    }
    expect(kept[0]!.latencyMs).toBeNull();
  });

  it("barge-in: caller speech while the agent talks sends clear, and the rest of that turn's audio is never sent", async () => {
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    // A long answer: at 60 ms of audio per character it plays for several seconds.
    h.elevenlabs.msPerCharacter = 60;
    h.anthropic.queueStream({ text: "Sam is out on a job today. He usually gets back to messages by the evening. If it is urgent I can text him for you. Otherwise I can take a message." });
    callerSays(h, call.telnyx, "When is Sam back?");
    await waitFor(async () => (agentAudio(call.telnyx).includes(h.elevenlabs.contextByte("turn-1")) ? true : null), { what: "the answer's audio", intervalMs: 20 });

    callerSays(h, call.telnyx, "Okay, never mind.", 300, 100);
    const clearAt = await waitFor(async () => {
      const index = call.telnyx.received.findIndex((f) => f.event === "clear");
      return index >= 0 ? index + 1 : null;
    }, { what: "the clear frame", intervalMs: 10 });
    const interrupted = await turnDone(call.callId, 1);
    expect(interrupted.interrupted).toBe(true);
    // Give any straggling audio of the cut turn time to arrive, then look at what came after clear.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = call.telnyx.received.slice(clearAt - 1).filter((f) => f.event === "media");
    const cutByte = h.elevenlabs.contextByte("turn-1");
    for (const frame of after) expect(Buffer.from((frame as { media: { payload: string } }).media.payload, "base64").includes(cutByte)).toBe(false);
    // Far less than the whole answer reached Telnyx.
    const sent = agentAudio(call.telnyx).filter((byte) => byte === cutByte).length;
    const whole = h.elevenlabs.connections().at(-1)!.contexts.find((c) => c.id === "turn-1")!;
    expect(sent).toBeLessThan(whole.text.length * 60 * 8);
    call.telnyx.stop();
  });

  it("transfers the caller to the user's phone: the stream stops and Telnyx transfers with our number as caller id", async () => {
    h.anthropic.queueStream({ text: "Connecting you to Sam now.", toolCalls: [{ name: "transfer_call", input: {} }] });
    const call = await receptionistCall(h, { personalPhone: "+14155550177" });
    await turnDone(call.callId, 0);
    callerSays(h, call.telnyx, "It's urgent, please put me through.");
    const sent = await commandsSent(call.callControlId, "transfer");
    const transfer = sent.find((r) => r.path.endsWith("/transfer"))!;
    expect(transfer.body).toMatchObject({ to: "+14155550177" });
    const callRow = await t.db.call.findUniqueOrThrow({ where: { id: call.callId } });
    expect((transfer.body as { from: string }).from).toBe(callRow.toNumber);
    expect(actions(call.callControlId)).toContain("streaming_stop");
    call.telnyx.stop();
  });

  it("a transfer without the user's phone is refused to the model, which goes on talking", async () => {
    h.anthropic.queueStream({ text: "Let me try.", toolCalls: [{ name: "transfer_call", input: {} }] });
    h.anthropic.queueStream({ text: "I can't put you through, but I can take a message." });
    const call = await receptionistCall(h, { personalPhone: null });
    await turnDone(call.callId, 0);
    callerSays(h, call.telnyx, "Put me through to Sam.");
    const turn = await turnDone(call.callId, 1);
    expect(turn.toolCalls).toMatchObject([{ name: "transfer_call", ok: false }]);
    expect(turn.agentText).toContain("I can't put you through");
    expect(actions(call.callControlId)).not.toContain("transfer");
    call.telnyx.stop();
  });

  it("looks up the caller: their card, recent calls, open tasks and upcoming events (the user's own only)", async () => {
    h.anthropic.queueStream({ text: "One moment.", toolCalls: [{ name: "lookup_caller", input: {} }] });
    h.anthropic.queueStream({ text: "I see your call about the boiler." });
    const call = await receptionistCall(h, { contact: { firstName: "Ada", lastName: "Byron" } });
    const row = await t.db.call.findUniqueOrThrow({ where: { id: call.callId } });
    const { userId, direction, fromNumber, toNumber, counterpartNumber, contactId } = row;
    const summary = "Ada asked about the boiler service.";
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    await t.db.call.create({ data: { userId, direction, fromNumber, toNumber, counterpartNumber, contactId, status: "completed", startedAt: threeDaysAgo, summary } });
    await t.db.task.create({ data: { userId: call.userId, contactId: row.contactId, title: "Send Ada the boiler quote" } });
    const event = await t.db.calendarEvent.create({ data: { userId: call.userId, title: "Boiler visit", startsAt: new Date(Date.now() + 2 * 86_400_000) } });
    await t.db.calendarEventContact.create({ data: { eventId: event.id, contactId: row.contactId! } });
    // Another user's call from the same number is not theirs to read.
    const stranger = await receptionistCall(h, { callerNumber: row.fromNumber, contact: { firstName: "Ada", lastName: "Elsewhere" } });
    await t.db.task.create({ data: { userId: stranger.userId, title: "Secret task of another user" } });
    stranger.telnyx.stop();

    await turnDone(call.callId, 0);
    callerSays(h, call.telnyx, "Do you have my details?");
    const turn = await turnDone(call.callId, 1);
    const result = turn.toolCalls as { name: string; result: string }[];
    expect(result[0]!.name).toBe("lookup_caller");
    expect(result[0]!.result).toContain("Ada Byron");
    expect(result[0]!.result).toContain("Ada asked about the boiler service.");
    expect(result[0]!.result).toContain("Send Ada the boiler quote");
    expect(result[0]!.result).toContain("Boiler visit");
    expect(result[0]!.result).not.toContain("Secret task");
    call.telnyx.stop();
  });

  it("texts the caller from the number they called", async () => {
    h.anthropic.queueStream({ text: "I'll text you the link.", toolCalls: [{ name: "send_sms", input: { text: "Book here: https://example.com/book" } }] });
    h.anthropic.queueStream({ text: "Sent. Anything else?" });
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    callerSays(h, call.telnyx, "Can you text me the booking link?");
    await turnDone(call.callId, 1);
    const callRow = await t.db.call.findUniqueOrThrow({ where: { id: call.callId } });
    const sms = h.telnyx.find("/v2/messages", "POST").map((r) => r.body as { to: string; from: string; text: string }).find((m) => m.to === callRow.fromNumber);
    expect(sms).toMatchObject({ from: callRow.toNumber, text: "Book here: https://example.com/book" });
    expect(await t.db.message.count({ where: { userId: call.userId, direction: "outbound", body: "Book here: https://example.com/book" } })).toBe(1);
    call.telnyx.stop();
  });

  it("an invalid tool call is answered with an error the model can act on; nothing is written", async () => {
    h.anthropic.queueStream({ text: "Let me note that.", toolCalls: [{ name: "take_message", input: { urgent: "very" } }, { name: "no_such_tool", input: {} }] });
    h.anthropic.queueStream({ text: "Sorry, what is the message?" });
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    callerSays(h, call.telnyx, "Take a message.");
    const turn = await turnDone(call.callId, 1);
    expect(turn.toolCalls).toMatchObject([
      { name: "take_message", ok: false },
      { name: "no_such_tool", ok: false, result: "There is no tool named no_such_tool." },
    ]);
    expect(await t.db.task.count({ where: { userId: call.userId } })).toBe(0);
    // The tool results went back to the model with is_error.
    const followUp = h.anthropic.streams().at(-1)!.request.json as { messages: { role: string; content: unknown }[] };
    expect(JSON.stringify(followUp.messages.at(-1))).toContain('"is_error":true');
    call.telnyx.stop();
  });

  it("silence: re-prompts once, then says goodbye and hangs up", async () => {
    h.timings.silenceMs = 400;
    const call = await receptionistCall(h);
    await commandsSent(call.callControlId, "hangup");
    const kept = await turns(call.callId);
    expect(kept.map((turn) => turn.agentText)).toEqual([
      expect.stringContaining("How can I help?"),
      "Are you still there?",
      "I haven't heard anything, so I'll end the call now. Goodbye.",
    ]);
    call.telnyx.stop();
  });

  it("ends the call at its maximum length, saying so first", async () => {
    h.timings.maxCallMs = 1_500;
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    await commandsSent(call.callControlId, "hangup");
    const kept = await turns(call.callId);
    expect(kept.at(-1)!.agentText).toBe("I'm sorry, I have to end the call now. I'll pass on what you told me. Goodbye.");
    call.telnyx.stop();
  });

  it("transcription failing mid-call: Telnyx takes over within 2 s (streaming_stop, then speak asking for a message)", async () => {
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    const failedAt = Date.now();
    h.deepgram.dropAll(1011);
    const sent = await commandsSent(call.callControlId, "speak");
    expect(Date.now() - failedAt).toBeLessThan(2_000);
    expect(actions(call.callControlId)).toEqual(["streaming_stop", "speak"]);
    expect((sent.at(-1)!.body as { payload: string }).payload).toContain("Please leave a message");
    call.telnyx.stop();
  });

  it("the model failing mid-answer: Telnyx takes over within 2 s", async () => {
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    h.anthropic.queueStream({ text: "Let me see what I can do for you today, one moment please.", failAfterTokens: 2 });
    const saidAt = Date.now();
    callerSays(h, call.telnyx, "Can you help me?");
    await commandsSent(call.callControlId, "speak");
    expect(Date.now() - saidAt).toBeLessThan(2_000 + 1_000);
    call.telnyx.stop();
  });

  it("malformed and unexpected frames do not end the conversation", async () => {
    h.anthropic.queueStream({ text: "Yes, I'm here." });
    const call = await receptionistCall(h);
    await turnDone(call.callId, 0);
    call.telnyx.sendRaw("not json");
    call.telnyx.sendRaw(JSON.stringify({ event: "media", media: { payload: 42 } }));
    call.telnyx.sendRaw(JSON.stringify({ event: "start", stream_id: "again" }));
    call.telnyx.sendRaw(JSON.stringify({ event: "mark", mark: { name: "unknown" } }));
    callerSays(h, call.telnyx, "Hello?");
    const turn = await turnDone(call.callId, 1);
    expect(turn.agentText).toBe("Yes, I'm here.");
    call.telnyx.stop();
  });

  it("a monologue is answered from its last part, and another call at the same time is not affected", async () => {
    const [long, other] = await Promise.all([receptionistCall(h), receptionistCall(h)]);
    await Promise.all([turnDone(long.callId, 0), turnDone(other.callId, 0)]);
    // Ten minutes of talk, as one utterance (about 1,500 words).
    const monologue = Array.from({ length: 1_500 }, (_, i) => `word${i}`).join(" ");
    h.anthropic.queueStream({ text: "That is a lot, let me take a message." });
    callerSays(h, long.telnyx, monologue, 1_000, 400);
    const turn = await turnDone(long.callId, 1);
    const request = h.anthropic.streams().find((s) => JSON.stringify(s.request.json).includes("word1499"))!;
    const said = (request.request.json as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;
    expect(said.length).toBeLessThanOrEqual(DEFAULT_TIMINGS.maxUtteranceChars + 1);
    expect(said.startsWith("…")).toBe(true);
    expect(said.endsWith("word1499")).toBe(true);
    expect(turn.agentText).toBe("That is a lot, let me take a message.");
    // The model got the end of it; the transcript keeps all of it.
    expect(turn.callerText).toBe(said);

    h.anthropic.queueStream({ text: "Yes, Sam is in today." });
    callerSays(h, other.telnyx, "Is Sam in today?");
    expect((await turnDone(other.callId, 1)).agentText).toBe("Yes, Sam is in today.");
    long.telnyx.stop();
    other.telnyx.stop();
    const stored = await waitFor(async () => (await t.db.call.findUniqueOrThrow({ where: { id: long.callId } })).transcriptText, { what: "the transcript" });
    expect(stored).toContain(`Caller: ${monologue}`);
  });

  it("a stream for a call that has ended is closed without a conversation", async () => {
    const deepgramBefore = h.deepgram.connections().length;
    const call = await receptionistCall(h);
    await t.db.call.update({ where: { id: call.callId }, data: { endedAt: new Date(), status: "completed" } });
    // The session read the call before this update; a new stream for the ended call:
    const { issueStreamToken } = await import("./stream-tokens");
    const { FakeTelnyxMediaStream } = await import("~/test/fakes/telnyx-media");
    const issued = await issueStreamToken(t.db, { userId: call.userId, callId: call.callId, purpose: "receptionist" }, new Date());
    const attempt = await FakeTelnyxMediaStream.connect(`ws://127.0.0.1:${h.server.port}/voice/stream`, issued.token);
    expect(attempt.accepted).toBe(true);
    if (!attempt.accepted) return;
    attempt.stream.start();
    expect((await attempt.stream.closed).code).toBe(1000);
    expect(attempt.stream.received.filter((f) => f.event === "media")).toHaveLength(0);
    // Only the first (live) stream opened a transcription.
    expect(h.deepgram.connections().length - deepgramBefore).toBe(1);
    call.telnyx.stop();
  });
});
