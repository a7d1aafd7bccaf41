import WebSocket from "ws";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "~/test/wait";
import { startFakeElevenLabsStream, type FakeElevenLabsStream } from "./elevenlabs-stream";

/**
 * The ElevenLabs multi-stream-input fake with a raw `ws` client, as the voice agent talks to it:
 * the key on the upgrade, contexts opened, flushed and closed, whose audio is which, and the
 * service's limits and failures.
 */

let fake: FakeElevenLabsStream;
beforeAll(async () => {
  fake = await startFakeElevenLabsStream();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.firstByteDelayMs = 0;
  fake.audioAfterCloseChunks = 0;
});

type Received = { audio?: string; contextId?: string; isFinal?: boolean; error?: string; message?: string };

/** The URL the agent derives from ELEVENLABS_API_BASE_URL: http → ws, plus the path and query. */
function socketUrl(query = "model_id=eleven_flash_v2_5&output_format=ulaw_8000&inactivity_timeout=180", voice = "voice-test") {
  return `${fake.baseUrl.replace(/^http/, "ws")}/v1/text-to-speech/${voice}/multi-stream-input?${query}`;
}

async function connect(options: { key?: string; query?: string; path?: string } = {}) {
  const ws = new WebSocket(options.path ? `${fake.wsUrl}${options.path}` : socketUrl(options.query), { headers: { "xi-api-key": options.key ?? fake.apiKey } });
  const received: (Received & { at: number })[] = [];
  ws.on("message", (data: Buffer) => received.push({ ...(JSON.parse(data.toString("utf8")) as Received), at: performance.now() }));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") })));
  const status = await new Promise<number>((resolve) => {
    ws.once("open", () => resolve(101));
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", () => resolve(0));
  });
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  /** The audio of a context received so far. */
  const audio = (contextId: string) => Buffer.concat(received.filter((m) => m.audio && m.contextId === contextId).map((m) => Buffer.from(m.audio!, "base64")));
  const finalOf = (contextId: string) => received.find((m) => m.isFinal && m.contextId === contextId);
  const until = (what: string, check: () => unknown) => waitFor(async () => check(), { what, timeoutMs: 3_000, intervalMs: 5 });
  return { ws, received, closed, status, send, audio, finalOf, until };
}

/** μ-law bytes for `text` at the fake's defaults: 60 ms per character, 8 bytes per ms. */
const bytesFor = (text: string) => text.trim().length * 60 * 8;

describe("fake ElevenLabs multi-stream-input", () => {
  it("opens with the key header, keeps two contexts apart and flushes each into its own audio", async () => {
    const c = await connect();
    expect(c.status).toBe(101);
    c.send({ text: " ", context_id: "turn-1", voice_settings: { stability: 0.5, similarity_boost: 0.8 }, generation_config: { chunk_length_schedule: [50] } });
    c.send({ text: "Hello there. ", context_id: "turn-1" });
    c.send({ text: "How can I help? ", context_id: "turn-1", flush: true });
    await c.until("turn-1's audio", () => c.audio("turn-1").length === bytesFor("Hello there. How can I help?"));
    c.send({ text: " ", context_id: "turn-2" });
    c.send({ text: "One moment.", context_id: "turn-2", flush: true });
    await c.until("turn-2's audio", () => c.audio("turn-2").length === bytesFor("One moment."));

    const one = fake.contextByte("turn-1");
    const two = fake.contextByte("turn-2");
    expect(one).not.toBe(two);
    for (const byte of [one, two]) expect([0xff, 0x7f]).not.toContain(byte);
    expect(c.audio("turn-1").every((b) => b === one)).toBe(true);
    expect(c.audio("turn-2").every((b) => b === two)).toBe(true);
    // 100 ms (800-byte) messages (the last of a context shorter), each marked with its context and not final.
    for (const id of ["turn-1", "turn-2"]) {
      const sizes = c.received.filter((m) => m.audio && m.contextId === id).map((m) => Buffer.from(m.audio!, "base64").length);
      expect(sizes.slice(0, -1).every((size) => size === 800)).toBe(true);
      expect(sizes.at(-1)).toBeLessThanOrEqual(800);
    }
    expect(c.received.filter((m) => m.audio).every((m) => m.isFinal === false)).toBe(true);
    expect(c.received.some((m) => m.isFinal)).toBe(false);

    const connection = fake.connections().at(-1)!;
    expect(connection.voiceId).toBe("voice-test");
    expect(connection.query).toEqual({ model_id: "eleven_flash_v2_5", output_format: "ulaw_8000", inactivity_timeout: "180" });
    expect(connection.contexts).toMatchObject([
      { id: "turn-1", text: " Hello there. How can I help? ", voiceSettings: { stability: 0.5 }, generationConfig: { chunk_length_schedule: [50] }, flushes: 1, closed: false, final: false },
      { id: "turn-2", text: " One moment.", voiceSettings: null, flushes: 1 },
    ]);
    expect(connection.audioBytes).toBe(bytesFor("Hello there. How can I help?") + bytesFor("One moment."));
    c.ws.close();
    await c.closed;
    expect(fake.connections().at(-1)!.closedByClient).toBe(true);
  });

  it("close_context cuts the context off mid-audio and answers isFinal; nothing of it follows", async () => {
    const c = await connect();
    const text = "This is a long answer that the caller is going to interrupt well before it ends.";
    c.send({ text: " ", context_id: "long" });
    c.send({ text, context_id: "long", flush: true });
    await c.until("the first audio", () => c.audio("long").length > 0);
    c.send({ context_id: "long", close_context: true });
    await c.until("isFinal", () => c.finalOf("long"));
    const atFinal = c.audio("long").length;
    // Ten chunk intervals: generation would have gone on by now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(c.audio("long").length).toBe(atFinal);
    expect(atFinal).toBeLessThan(bytesFor(text) / 2);
    const finalIndex = c.received.findIndex((m) => m.isFinal);
    expect(c.received.slice(finalIndex + 1).filter((m) => m.contextId === "long")).toHaveLength(0);
    expect(fake.connections().at(-1)!.contexts[0]).toMatchObject({ closed: true, final: true, audioBytes: atFinal });
    c.ws.close();
  });

  it("audioAfterCloseChunks lets that many frames follow a close_context, as frames in flight would", async () => {
    fake.firstByteDelayMs = 80;
    fake.audioAfterCloseChunks = 2;
    const c = await connect();
    c.send({ text: "Something long enough for many chunks of audio.", context_id: "a", flush: true });
    c.send({ context_id: "a", close_context: true });
    await c.until("isFinal", () => c.finalOf("a"));
    expect(c.audio("a").length).toBe(1600);
    expect(c.received.at(-1)).toMatchObject({ isFinal: true, contextId: "a" });
    c.ws.close();
  });

  it("close_context with flush speaks the buffer first, then isFinal", async () => {
    const c = await connect();
    c.send({ text: " ", context_id: "t" });
    c.send({ text: "Goodbye.", context_id: "t" });
    c.send({ context_id: "t", close_context: true, flush: true });
    await c.until("isFinal", () => c.finalOf("t"));
    expect(c.audio("t").length).toBe(bytesFor("Goodbye."));
    expect(c.received.at(-1)).toEqual({ isFinal: true, contextId: "t", at: expect.any(Number) as number });
    c.ws.close();
  });

  it("waits firstByteDelayMs from the flush to the first audio", async () => {
    fake.firstByteDelayMs = 120;
    const c = await connect();
    c.send({ text: " ", context_id: "slow" });
    const flushedAt = performance.now();
    c.send({ text: "Hi.", context_id: "slow", flush: true });
    await c.until("the audio", () => c.audio("slow").length > 0);
    expect(c.received.find((m) => m.audio)!.at - flushedAt).toBeGreaterThanOrEqual(115);
    c.ws.close();
  });

  it("generates without a flush on a finished sentence in auto_mode, and at the chunk schedule otherwise", async () => {
    const auto = await connect({ query: "model_id=eleven_flash_v2_5&output_format=ulaw_8000&auto_mode=true" });
    auto.send({ text: "Half a sentence ", context_id: "x" });
    auto.send({ text: "and its end. ", context_id: "x" });
    await auto.until("the audio", () => auto.audio("x").length === bytesFor("Half a sentence and its end."));
    auto.ws.close();

    const scheduled = await connect();
    scheduled.send({ text: " ", context_id: "y", generation_config: { chunk_length_schedule: [20] } });
    scheduled.send({ text: "twenty-one characters", context_id: "y" });
    await scheduled.until("the audio", () => scheduled.audio("y").length === bytesFor("twenty-one characters"));
    scheduled.ws.close();
  });

  it("close_socket finishes flushed audio, sends isFinal per open context and closes 1000", async () => {
    const c = await connect();
    c.send({ text: "First context.", context_id: "p", flush: true });
    c.send({ text: " ", context_id: "q" });
    c.send({ text: "", context_id: "q" });
    c.send({ text: "" });
    c.send({ close_socket: true });
    expect(await c.closed).toEqual({ code: 1000, reason: "" });
    expect(c.audio("p").length).toBe(bytesFor("First context."));
    expect(c.received.filter((m) => m.isFinal).map((m) => m.contextId).sort()).toEqual(["p", "q"]);
    // The fake sees the close once the client has answered it.
    await c.until("the fake to see the close", () => fake.connections().at(-1)!.closeCode !== null);
    expect(fake.connections().at(-1)).toMatchObject({ closedByClient: false, closeCode: 1000 });
  });

  it("refuses a wrong key (401), an unknown path (404) and refuseNext's status", async () => {
    expect((await connect({ key: "sk_wrong" })).status).toBe(401);
    expect((await connect({ path: "/v1/text-to-speech/voice-test/stream" })).status).toBe(404);
    fake.refuseNext(503);
    expect((await connect()).status).toBe(503);
    expect(fake.refused().slice(-3).map((r) => r.status)).toEqual([401, 404, 503]);
    const accepted = await connect();
    expect(accepted.status).toBe(101);
    accepted.ws.close();
  });

  it("closes 1008 on a sixth live context and on input that is not JSON", async () => {
    const c = await connect();
    for (const id of ["1", "2", "3", "4", "5"]) c.send({ text: " ", context_id: id });
    c.send({ context_id: "1", close_context: true });
    c.send({ text: " ", context_id: "5b" });
    await c.until("isFinal for 1", () => c.finalOf("1"));
    c.send({ text: " ", context_id: "6" });
    expect((await c.closed).code).toBe(1008);
    expect(c.received.at(-1)).toMatchObject({ error: "max_active_conversations", code: 1008 });

    const d = await connect();
    d.ws.send("{not json");
    expect((await d.closed).code).toBe(1008);
    expect(d.received.at(-1)).toMatchObject({ error: "invalid_input_message" });
  });

  it("closes 1008 after inactivity_timeout seconds without input", async () => {
    const c = await connect({ query: "model_id=eleven_flash_v2_5&output_format=ulaw_8000&inactivity_timeout=1" });
    const openedAt = performance.now();
    const { code, reason } = await c.closed;
    expect(code).toBe(1008);
    expect(reason).toContain("timeout of 1 seconds");
    expect(performance.now() - openedAt).toBeGreaterThanOrEqual(950);
  });

  it("dropAll kills open sockets mid-stream with the given code", async () => {
    const c = await connect();
    c.send({ text: "A fairly long sentence that is still being spoken.", context_id: "d", flush: true });
    await c.until("audio", () => c.audio("d").length > 0);
    fake.dropAll(1011);
    expect((await c.closed).code).toBe(1011);
    await c.until("the fake to see the close", () => fake.connections().at(-1)!.closeCode !== null);
    expect(fake.connections().at(-1)).toMatchObject({ open: false, closedByClient: false, closeCode: 1011 });
    expect(c.finalOf("d")).toBeUndefined();
  });
});
