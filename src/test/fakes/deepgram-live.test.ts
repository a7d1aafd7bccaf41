import { DeepgramClient } from "@deepgram/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "~/test/wait";
import { silenceAudio, speechAudio, startFakeDeepgramLive, type FakeDeepgramLive } from "./deepgram-live";

/**
 * The live Deepgram fake against the real @deepgram/sdk: the connect call and options the voice
 * agent uses, the events it gets back and their timings, and the failure knobs.
 */

let fake: FakeDeepgramLive;
beforeAll(async () => {
  fake = await startFakeDeepgramLive();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.finalDelayMs = 0;
});

type Message = { type: string; [key: string]: unknown };

/** Connects with the options the agent uses (booleans are strings in the SDK's types). */
async function openNova(apiKey = fake.apiKey) {
  const client = new DeepgramClient({ apiKey, baseUrl: fake.baseUrl });
  const connection = await client.listen.v1.connect({
    model: "nova-3",
    encoding: "mulaw",
    sample_rate: 8000,
    channels: 1,
    interim_results: "true",
    endpointing: 300,
    utterance_end_ms: 1000,
    vad_events: "true",
    smart_format: "true",
    reconnectAttempts: 0,
  });
  return { connection, ...(await watch(connection)) };
}

async function openFlux() {
  const client = new DeepgramClient({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
  const connection = await client.listen.v2.connect({ model: "flux-general-en", encoding: "mulaw", sample_rate: 8000, eager_eot_threshold: 0.5, reconnectAttempts: 0 });
  return { connection, ...(await watch(connection)) };
}

/** Records what the connection reports, connects, and waits for it to open (or fail to). */
async function watch(connection: Awaited<ReturnType<DeepgramClient["listen"]["v1"]["connect"]>> | Awaited<ReturnType<DeepgramClient["listen"]["v2"]["connect"]>>) {
  const messages: Message[] = [];
  const closes: { code: number; reason: string }[] = [];
  const errors: Error[] = [];
  connection.on("message", (message: unknown) => messages.push(message as Message));
  connection.on("close", (event) => closes.push({ code: event.code, reason: event.reason }));
  connection.on("error", (error) => errors.push(error));
  connection.connect();
  const opened = await connection.waitForOpen().then(
    () => true,
    () => false,
  );
  const until = (what: string, check: () => boolean) => waitFor(async () => check(), { what, timeoutMs: 3_000, intervalMs: 5 });
  const ofType = (type: string) => messages.filter((m) => m.type === type);
  return { messages, closes, errors, opened, until, ofType };
}

interface Results {
  start: number;
  duration: number;
  is_final: boolean;
  speech_final: boolean;
  from_finalize?: boolean;
  channel: { alternatives: { transcript: string; confidence: number; words: { word: string; start: number; end: number; confidence: number; punctuated_word: string }[] }[] };
}

describe("fake Deepgram live (/v1/listen) with the real SDK", () => {
  it("hears speech then silence: SpeechStarted, growing interims, one final with timed words, UtteranceEnd", async () => {
    fake.queueUtterance("I'd like to book a table.");
    const s = await openNova();
    expect(s.opened).toBe(true);
    // 0.5 s of silence, 1 s of speech, then 1.2 s of silence, in one burst: times are audio times.
    s.connection.sendMedia(Buffer.concat([silenceAudio(500), speechAudio(1000), silenceAudio(1200)]));
    await s.until("UtteranceEnd", () => s.ofType("UtteranceEnd").length > 0);

    const connection = fake.connections().at(-1)!;
    expect(connection.path).toBe("/v1/listen");
    expect(connection.query).toEqual({
      model: "nova-3",
      encoding: "mulaw",
      sample_rate: "8000",
      channels: "1",
      interim_results: "true",
      endpointing: "300",
      utterance_end_ms: "1000",
      vad_events: "true",
      smart_format: "true",
    });
    expect(connection.audioBytes).toBe(8000 * 2.7);

    expect(s.messages.map((m) => m.type)).toEqual(["SpeechStarted", ...Array<string>(10).fill("Results"), "Results", "UtteranceEnd"]);
    expect(s.ofType("SpeechStarted")[0]).toEqual({ type: "SpeechStarted", channel: [0], timestamp: 0.5 });

    const results = s.ofType("Results") as unknown as Results[];
    const interims = results.filter((r) => !r.is_final);
    expect(interims).toHaveLength(10);
    expect(interims.every((r) => !r.speech_final)).toBe(true);
    expect(interims.map((r) => r.channel.alternatives[0]!.transcript).slice(0, 3)).toEqual(["I'd", "I'd like", "I'd like to"]);
    expect(interims.at(-1)!.channel.alternatives[0]!.transcript).toBe("I'd like to book a table.");
    expect(interims[0]).toMatchObject({ start: 0.5, duration: 0.1 });

    const final = results.find((r) => r.is_final)!;
    expect(final).toMatchObject({ is_final: true, speech_final: true, start: 0.5, duration: 1 });
    const alternative = final.channel.alternatives[0]!;
    expect(alternative.transcript).toBe("I'd like to book a table.");
    expect(alternative.confidence).toBeGreaterThan(0.9);
    expect(alternative.words.map((w) => w.punctuated_word)).toEqual(["I'd", "like", "to", "book", "a", "table."]);
    expect(alternative.words.map((w) => w.word)).toEqual(["i'd", "like", "to", "book", "a", "table"]);
    expect(alternative.words[0]!.start).toBe(0.5);
    expect(alternative.words.at(-1)!.end).toBe(1.5);
    for (const [i, word] of alternative.words.entries()) {
      expect(word.end).toBeGreaterThan(word.start);
      if (i > 0) expect(word.start).toBeCloseTo(alternative.words[i - 1]!.end, 3);
    }
    expect(s.ofType("UtteranceEnd")[0]).toEqual({ type: "UtteranceEnd", channel: [0, 1], last_word_end: 1.5 });

    s.connection.sendCloseStream({ type: "CloseStream" });
    await s.until("the close", () => s.closes.length > 0);
    expect(s.ofType("Metadata")[0]).toMatchObject({ type: "Metadata", duration: 2.7, channels: 1 });
    expect(s.closes[0]!.code).toBe(1000);
    await s.until("the fake to see the close", () => connection.closeCode !== null);
    expect(connection).toMatchObject({ open: false, closedByClient: false, closeCode: 1000, controls: ["CloseStream"] });
  });

  it("endpoints only after `endpointing` ms of silence, and sends no UtteranceEnd when speech resumes first", async () => {
    fake.queueUtterance("first part");
    fake.queueUtterance("second part");
    const s = await openNova();
    s.connection.sendMedia(Buffer.concat([speechAudio(400), silenceAudio(280)]));
    // A round trip after the audio, so a final (if any) would have arrived by now.
    s.connection.sendKeepAlive({ type: "KeepAlive" });
    await s.until("the KeepAlive", () => fake.connections().at(-1)?.controls.includes("KeepAlive") ?? false);
    expect((s.ofType("Results") as unknown as Results[]).some((r) => r.is_final)).toBe(false);

    s.connection.sendMedia(silenceAudio(40));
    await s.until("the first final", () => (s.ofType("Results") as unknown as Results[]).some((r) => r.is_final));
    // 600 ms later (< utterance_end_ms) the caller speaks again: no UtteranceEnd for the first part.
    s.connection.sendMedia(Buffer.concat([silenceAudio(600), speechAudio(300), silenceAudio(300)]));
    await s.until("the second final", () => (s.ofType("Results") as unknown as Results[]).filter((r) => r.is_final).length === 2);
    const finals = (s.ofType("Results") as unknown as Results[]).filter((r) => r.is_final);
    expect(finals.map((r) => r.channel.alternatives[0]!.transcript)).toEqual(["first part", "second part"]);
    // The second segment starts after 400 + 280 + 40 + 600 ms of audio.
    expect(finals[1]).toMatchObject({ start: 1.32, duration: 0.3 });
    expect(s.ofType("SpeechStarted").map((m) => m.timestamp)).toEqual([0, 1.32]);
    expect(s.ofType("UtteranceEnd")).toHaveLength(0);
    s.connection.close();
    await s.until("the fake to see the close", () => fake.connections().at(-1)!.open === false);
    expect(fake.connections().at(-1)!.closedByClient).toBe(true);
  });

  it("holds the final back by finalDelayMs of wall time", async () => {
    fake.finalDelayMs = 150;
    const s = await openNova();
    const sentAt = Date.now();
    s.connection.sendMedia(Buffer.concat([speechAudio(200), silenceAudio(300)]));
    await s.until("the final", () => (s.ofType("Results") as unknown as Results[]).some((r) => r.is_final));
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(140);
    const final = (s.ofType("Results") as unknown as Results[]).find((r) => r.is_final)!;
    expect(final.channel.alternatives[0]!.transcript).toBe("hello");
    s.connection.close();
  });

  it("Finalize flushes the open segment as a final from_finalize, at once", async () => {
    fake.queueUtterance("cancel my order");
    const s = await openNova();
    s.connection.sendMedia(speechAudio(600));
    s.connection.sendFinalize({ type: "Finalize" });
    await s.until("the final", () => (s.ofType("Results") as unknown as Results[]).some((r) => r.is_final));
    const final = (s.ofType("Results") as unknown as Results[]).find((r) => r.is_final)!;
    expect(final).toMatchObject({ is_final: true, speech_final: false, from_finalize: true, start: 0, duration: 0.6 });
    expect(final.channel.alternatives[0]!.transcript).toBe("cancel my order");
    expect(fake.connections().at(-1)!.controls).toEqual(["Finalize"]);
    s.connection.close();
  });

  it("refuses a wrong key with 401 before the socket opens", async () => {
    const s = await openNova("not-the-key");
    expect(s.opened).toBe(false);
    expect(s.errors.map((e) => e.message).join()).toContain("401");
    expect(fake.refused().at(-1)).toEqual({ path: "/v1/listen", status: 401 });
  });

  it("refuseNext answers the next upgrade with that status, then accepts again", async () => {
    fake.refuseNext(503);
    const refused = await openNova();
    expect(refused.opened).toBe(false);
    expect(refused.errors.map((e) => e.message).join()).toContain("503");
    const accepted = await openNova();
    expect(accepted.opened).toBe(true);
    accepted.connection.close();
  });

  it("dropAll closes open connections abnormally, which the SDK reports as a close with that code", async () => {
    const s = await openNova();
    s.connection.sendMedia(speechAudio(200));
    await s.until("the audio", () => fake.connections().at(-1)!.audioBytes === 1600);
    fake.dropAll(1011);
    await s.until("the close", () => s.closes.length > 0);
    expect(s.closes[0]!.code).toBe(1011);
    await s.until("the fake to see the close", () => fake.connections().at(-1)!.closeCode !== null);
    expect(fake.connections().at(-1)).toMatchObject({ open: false, closedByClient: false, closeCode: 1011 });

    const t = await openNova();
    fake.dropAll(1006);
    await t.until("the close", () => t.closes.length > 0);
    expect(t.closes[0]!.code).toBe(1006);
  });
});

describe("fake Deepgram Flux (/v2/listen) with the real SDK", () => {
  it("StartOfTurn, Updates, EagerEndOfTurn, TurnResumed and EndOfTurn from the audio", async () => {
    fake.queueUtterance("book a table for two");
    const s = await openFlux();
    expect(s.opened).toBe(true);
    // Speech, a 250 ms pause (eager end of turn, then resumed), more speech, then the end.
    s.connection.sendMedia(Buffer.concat([speechAudio(600), silenceAudio(250), speechAudio(300), silenceAudio(500)]));
    await s.until("EndOfTurn", () => s.messages.some((m) => m.event === "EndOfTurn"));
    expect(s.messages[0]).toMatchObject({ type: "Connected", sequence_id: 0 });
    expect(s.messages.map((m) => m.sequence_id)).toEqual(s.messages.map((_, i) => i));
    const events = s.ofType("TurnInfo").map((m) => m.event);
    expect(events[0]).toBe("StartOfTurn");
    expect(events.filter((e) => e !== "Update")).toEqual(["StartOfTurn", "EagerEndOfTurn", "TurnResumed", "EagerEndOfTurn", "EndOfTurn"]);
    expect(events.filter((e) => e === "Update").length).toBeGreaterThanOrEqual(3);
    const end = s.ofType("TurnInfo").at(-1)!;
    expect(end).toMatchObject({ event: "EndOfTurn", turn_index: 0, transcript: "book a table for two", trigger: "model", audio_window_start: 0 });
    expect(s.ofType("TurnInfo").find((m) => m.event === "EagerEndOfTurn")!.transcript).toBe("book a table for two");

    s.connection.sendCloseStream({ type: "CloseStream" });
    await s.until("the close", () => s.closes.length > 0);
    expect(s.closes[0]!.code).toBe(1005);
  });
});
