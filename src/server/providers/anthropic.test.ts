import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultToolInput, startFakeAnthropic, type FakeAnthropic, type MessagesRequest } from "~/test/fakes/anthropic";
import { header } from "~/test/fakes/provider-server";
import { createAnthropicAnalyser } from "./anthropic";
import { ProviderError } from "./errors";
import type { AnalysisInput, TranscriptSegment } from "./types";

const segments: TranscriptSegment[] = [
  { speaker: 0, start: 0.4, end: 3.1, text: "Hi Sam, it's Alex from Northwind.", confidence: 0.98 },
  { speaker: 1, start: 3.6, end: 6.9, text: "Sure, I was hoping you'd call about the renewal.", confidence: 0.97 },
  { speaker: 1, start: 65, end: 68, text: "I'll send you the contract by Friday.", confidence: 0.99 },
];

// Wednesday 4 March 2026, 10:00 in New York.
const input: AnalysisInput = {
  transcript: segments.map((s) => s.text).join("\n"),
  segments,
  direction: "inbound",
  startedAt: new Date("2026-03-04T15:00:00Z"),
  timeZone: "America/New_York",
  userName: "Alex Doe",
  contactName: "Sam Lee",
};

describe("Anthropic analyser (real SDK against the fake)", () => {
  let fake: FakeAnthropic;
  const analyser = (options: { timeoutMs?: number; apiKey?: string; maxChunkChars?: number } = {}) =>
    createAnthropicAnalyser({
      apiKey: options.apiKey ?? fake.apiKey,
      baseURL: fake.baseUrl,
      model: "claude-sonnet-5-5",
      timeoutMs: options.timeoutMs ?? 5_000,
      maxChunkChars: options.maxChunkChars,
    });

  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  beforeEach(() => {
    fake.reset();
    fake.toolInput = defaultToolInput;
  });
  afterAll(() => fake.close());

  it("forces the analysis tool, with the key and API version headers and the formatted transcript", async () => {
    await analyser().analyze(input);
    const [request] = fake.messages();
    expect(header(request!, "authorization")).toBe(`Bearer ${fake.apiKey}`);
    expect(header(request!, "anthropic-version")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(header(request!, "x-stainless-retry-count")).toBe("0");
    const body = request!.json as MessagesRequest;
    expect(body.model).toBe("claude-sonnet-5-5");
    expect(body.tool_choice).toEqual({ type: "tool", name: "record_call_analysis" });
    expect(body.tools?.map((t) => t.name)).toEqual(["record_call_analysis"]);
    const prompt = fake.prompts()[0]!;
    expect(prompt).toContain("Speaker 1 [00:00]: Hi Sam, it's Alex from Northwind.");
    expect(prompt).toContain("Speaker 2 [01:05]: I'll send you the contract by Friday.");
    expect(prompt).toContain("Alex Doe");
    expect(prompt).toContain("Sam Lee");
    expect(prompt).toContain("inbound");
  });

  it("maps the tool input and resolves due hints in the user's zone", async () => {
    const analysis = await analyser().analyze(input);
    expect(analysis.provider).toBe("anthropic:claude-sonnet-5-5");
    expect(analysis.promptVersion).toBe("anthropic-v1");
    expect(analysis.summary).toContain("Hi Sam");
    expect(analysis.sentiment).toEqual({ label: "positive", score: 0.6 });
    expect(analysis.topics).toEqual(["renewal"]);
    expect(analysis.important).toBe(false);
    // Friday 6 March 2026, 17:00 in New York (EST, UTC-5).
    expect(analysis.actionItems).toEqual([
      { text: "Send you the contract", dueHint: "by Friday", dueAt: "2026-03-06T22:00:00.000Z", priority: "medium" },
    ]);
  });

  it("treats tool input that breaks the schema as an invalid (permanent) answer", async () => {
    fake.toolInput = () => ({ summary: "ok", sentiment: { label: "ecstatic", score: 3 }, action_items: [], topics: [], important: false });
    const error = await analyser().analyze(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid_response", permanent: true });
  });

  it("analyses a long transcript in chunks, then merges the parts in one more request", async () => {
    const long: TranscriptSegment[] = Array.from({ length: 40 }, (_, i) => ({
      speaker: i % 2,
      start: i * 10,
      end: i * 10 + 8,
      text: i === 37 ? "I'll call the bank tomorrow." : `Line ${i} about the quarterly budget review and the hiring plan for the team.`,
      confidence: 0.95,
    }));
    const analysis = await analyser({ maxChunkChars: 1_000 }).analyze({ ...input, segments: long, transcript: "" });
    const prompts = fake.prompts();
    const chunkPrompts = prompts.filter((p) => p.includes("<transcript>"));
    expect(chunkPrompts.length).toBeGreaterThanOrEqual(4);
    expect(prompts).toHaveLength(chunkPrompts.length + 1);
    expect(chunkPrompts.every((p) => /<transcript>\n([\s\S]*)\n<\/transcript>/.exec(p)![1]!.length <= 1_000)).toBe(true);
    expect(chunkPrompts[0]).toContain(`part 1 of ${chunkPrompts.length}`);
    // Every line went to exactly one chunk, in order.
    const sent = chunkPrompts.flatMap((p) => /<transcript>\n([\s\S]*)\n<\/transcript>/.exec(p)![1]!.split("\n"));
    expect(sent).toHaveLength(40);
    const merge = prompts.at(-1)!;
    expect(merge).toContain("<part_analyses>");
    expect(merge).not.toContain("<transcript>");
    expect(analysis.actionItems).toEqual([
      { text: "Call the bank", dueHint: "tomorrow", dueAt: "2026-03-05T22:00:00.000Z", priority: "medium" },
    ]);
  });

  it("does not ask about a call without speech", async () => {
    const analysis = await analyser().analyze({ ...input, segments: [], transcript: "  " });
    expect(analysis.summary).toBe("No speech was transcribed.");
    expect(fake.messages()).toHaveLength(0);
  });

  it("a 500 is a retryable server error, made once (no SDK retries)", async () => {
    fake.respondNext({ status: 500, times: 3 });
    const error = await analyser().analyze(input).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "server", httpStatus: 500, permanent: false });
    expect((error as Error).message).toContain("Internal server error");
    expect(fake.messages()).toHaveLength(1);
  });

  it("a 429 is retryable, a bad key permanent", async () => {
    fake.respondNext({ status: 429 });
    expect(await analyser().analyze(input).catch((e: unknown) => e)).toMatchObject({ kind: "rejected", httpStatus: 429, permanent: false });
    const error = await analyser({ apiKey: "sk-ant-wrong" }).analyze(input).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", httpStatus: 401, permanent: true });
  });

  it("a stalled answer is a timeout within the timeout", async () => {
    fake.respondNext({ delayMs: 2_000 });
    const started = Date.now();
    const error = await analyser({ timeoutMs: 300 }).analyze(input).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", permanent: false });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("a caller's abort rejects with the caller's reason, not a provider error", async () => {
    fake.respondNext({ delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("shutting down")), 100);
    const error = await analyser().analyze(input, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toEqual(new Error("shutting down"));
  });
});
