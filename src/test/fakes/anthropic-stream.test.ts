import Anthropic, { AnthropicError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "~/test/wait";
import { DEFAULT_STREAM_TEXT, startFakeAnthropic, type FakeAnthropic, type MessagesRequest } from "./anthropic";

/**
 * The Anthropic fake's streaming answers against the real SDK's `messages.stream`: text deltas,
 * tool calls with their parsed input, stop reasons, timing (each event is sent when produced),
 * a connection dying mid-answer, an abort, an error status; and the non-streaming answer still
 * going through unchanged.
 */

let fake: FakeAnthropic;
let client: Anthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: fake.apiKey, baseURL: fake.baseUrl, maxRetries: 0, timeout: 5_000 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const TOOLS = [
  { name: "check_availability", description: "Free slots on a date.", input_schema: { type: "object" as const, properties: { date: { type: "string" } }, required: ["date"] } },
];

function ask(text = "Hi, can I book for Tuesday?", signal?: AbortSignal) {
  return client.messages.stream(
    { model: "claude-haiku-5-5", max_tokens: 300, system: "You are the receptionist.", messages: [{ role: "user", content: text }], tools: TOOLS },
    { signal },
  );
}

describe("fake Anthropic streaming with the real SDK", () => {
  it("streams text in word deltas and ends the turn; the request is recorded", async () => {
    fake.queueStream({ text: "Sure, Tuesday works. What time?" });
    const stream = ask();
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    expect(deltas).toEqual(["Sure, ", "Tuesday ", "works. ", "What ", "time?"]);
    expect(message.content).toEqual([{ type: "text", text: "Sure, Tuesday works. What time?", citations: null }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(5);

    const request = fake.messages().at(-1)!;
    const body = request.json as MessagesRequest;
    expect(body).toMatchObject({ stream: true, system: "You are the receptionist.", messages: [{ role: "user", content: "Hi, can I book for Tuesday?" }] });
    expect(body.tools?.map((t) => t.name)).toEqual(["check_availability"]);
    expect(fake.prompts().at(-1)).toBe("Hi, can I book for Tuesday?");
    const record = fake.streams().at(-1)!;
    expect(record.outcome).toBe("complete");
    expect(record.events).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      ...Array<string>(5).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
  });

  it("streams tool calls whose input the SDK parses, and stops with tool_use", async () => {
    fake.queueStream({
      text: "Let me check.",
      toolCalls: [
        { name: "check_availability", input: { date: "2026-11-03", party: 2, notes: "window seat, if possible" }, id: "toolu_fixed" },
        { name: "check_availability", input: { date: "2026-11-04" } },
      ],
    });
    const stream = ask();
    const jsonPieces: string[] = [];
    stream.on("inputJson", (piece) => jsonPieces.push(piece));
    const message = await stream.finalMessage();

    expect(message.stop_reason).toBe("tool_use");
    expect(message.content.map((block) => block.type)).toEqual(["text", "tool_use", "tool_use"]);
    const [first, second] = message.content.filter((block) => block.type === "tool_use");
    expect(first).toMatchObject({ id: "toolu_fixed", name: "check_availability", input: { date: "2026-11-03", party: 2, notes: "window seat, if possible" } });
    expect(second!.id).toMatch(/^toolu_/);
    expect(second!.input).toEqual({ date: "2026-11-04" });
    // Each input arrives in several pieces, after an empty one, as the API sends it.
    expect(jsonPieces.filter((piece) => piece !== "").length).toBeGreaterThanOrEqual(4);
  });

  it("sends each event as it is produced: the first token after its delay, the rest spaced out", async () => {
    fake.queueStream({ text: "one two three four", firstTokenDelayMs: 150, tokenIntervalMs: 60 });
    const started = performance.now();
    const stream = ask();
    let messageStartAt = 0;
    const textAt: number[] = [];
    stream.on("streamEvent", (event) => {
      if (event.type === "message_start") messageStartAt = performance.now() - started;
    });
    stream.on("text", () => textAt.push(performance.now() - started));
    await stream.done();

    expect(textAt).toHaveLength(4);
    expect(textAt[0]).toBeGreaterThanOrEqual(145);
    // Had the answer been buffered, message_start and every delta would arrive together.
    expect(textAt[0]! - messageStartAt).toBeGreaterThanOrEqual(100);
    expect(textAt[3]! - textAt[0]!).toBeGreaterThanOrEqual(150);
  });

  it("applies streamFirstTokenMs when the reply sets no delay", async () => {
    fake.streamFirstTokenMs = 120;
    try {
      const started = performance.now();
      const stream = ask();
      let firstAt = 0;
      stream.on("text", () => (firstAt ||= performance.now() - started));
      await stream.done();
      expect(firstAt).toBeGreaterThanOrEqual(115);
    } finally {
      fake.streamFirstTokenMs = 0;
    }
  });

  it("answers the default reply when nothing is queued, and the default can be replaced", async () => {
    expect(await ask().finalText()).toBe(DEFAULT_STREAM_TEXT);
    const original = fake.defaultStreamReply;
    fake.defaultStreamReply = (request) => ({ text: `You said ${request.messages.length} thing.` });
    try {
      expect(await ask().finalText()).toBe("You said 1 thing.");
    } finally {
      fake.defaultStreamReply = original;
    }
  });

  it("failAfterTokens drops the connection mid-answer: the SDK reports an error after those deltas", async () => {
    fake.queueStream({ text: "one two three four five", failAfterTokens: 2 });
    const stream = ask();
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const error = await stream.finalMessage().then(
      () => null,
      (e: unknown) => e,
    );
    // undici's "terminated" (other side closed), wrapped by the SDK.
    expect(error).toBeInstanceOf(AnthropicError);
    expect(error).not.toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe("terminated");
    expect(deltas).toEqual(["one ", "two "]);
    expect(fake.streams().at(-1)).toMatchObject({ outcome: "failed", textDeltas: 2 });
  });

  it("an abort stops the stream; the fake sees the client go away", async () => {
    fake.queueStream({ text: "this answer is far too long to let it finish before the caller barges in", tokenIntervalMs: 30 });
    const controller = new AbortController();
    const stream = ask("Hello?", controller.signal);
    const deltas: string[] = [];
    stream.on("text", (delta) => {
      deltas.push(delta);
      if (deltas.length === 2) controller.abort();
    });
    const error = await stream.finalMessage().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    await waitFor(async () => fake.streams().at(-1)?.outcome === "client_aborted", { what: "the fake to see the abort", timeoutMs: 2_000, intervalMs: 10 });
    expect(fake.streams().at(-1)!.textDeltas).toBeLessThan(5);
    expect(deltas).toHaveLength(2);
  });

  it("status answers the API's error JSON instead of a stream", async () => {
    fake.queueStream({ status: 529 });
    const error = await ask().finalMessage().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(529);
    expect((error as APIError).error).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
    expect(fake.streams().at(-1)).toMatchObject({ outcome: "error_status" });
    expect(fake.messages().at(-1)!.status).toBe(529);
  });

  it("refuses a wrong key with 401 on a streaming request", async () => {
    const stranger = new Anthropic({ apiKey: "sk-ant-wrong", baseURL: fake.baseUrl, maxRetries: 0 });
    const error = await stranger.messages
      .stream({ model: "claude-haiku-5-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .finalMessage()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((error as APIError).status).toBe(401);
  });

  it("still answers non-streaming requests as before (through the same base URL), scripting included", async () => {
    const message = await client.messages.create({
      model: "claude-sonnet-5-5",
      max_tokens: 100,
      messages: [{ role: "user", content: "<transcript>\nSpeaker 0 [00:01]: Hi there.\n</transcript>" }],
      tools: [{ name: "record_call_analysis", input_schema: { type: "object" } }],
      tool_choice: { type: "tool", name: "record_call_analysis" },
    });
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content[0]).toMatchObject({ type: "tool_use", name: "record_call_analysis", input: { summary: "The call opened with: Hi there." } });
    expect(fake.messages().at(-1)!.status).toBe(200);

    fake.respondNext({ status: 429 });
    const error = await client.models.list({ limit: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as APIError).status).toBe(429);
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/models", status: 429 });
  });
});
