import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";

/**
 * voice.conversation and voice.stats through tRPC, on VoiceTurn rows written as the recorder
 * writes them (src/server/voice/record.ts): a call's turns in order with their tool calls read
 * defensively, another user's call refused, and the 7-day percentiles on known values.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const NOW = new Date("2026-11-20T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

async function seedCall(userId: string) {
  const call = await t.db.call.create({
    data: {
      userId,
      direction: "inbound",
      status: "completed",
      fromNumber: "+13125550100",
      toNumber: "+14155550134",
      counterpartNumber: "+13125550100",
      startedAt: daysAgo(1),
    },
  });
  // Each turn belongs to one media stream of the call (tokenHash is unique, so a fresh one each).
  const stream = await t.db.voiceStream.create({
    data: { userId, callId: call.id, purpose: "receptionist", tokenHash: randomUUID(), expiresAt: new Date(NOW.getTime() + 60_000) },
  });
  return { call, stream };
}

type TurnData = Partial<Omit<Prisma.VoiceTurnUncheckedCreateInput, "userId" | "callId" | "streamId">> & { index: number };

async function seedTurn(seeded: { call: { id: string; userId: string }; stream: { id: string } }, data: TurnData) {
  return t.db.voiceTurn.create({
    data: {
      callerText: "",
      agentText: "",
      startedAtMs: 0,
      createdAt: daysAgo(1),
      ...data,
      userId: seeded.call.userId,
      callId: seeded.call.id,
      streamId: seeded.stream.id,
    },
  });
}

/** A measured answer: its wait split 20% STT, 40% LLM, 20% TTS, 20% engine. */
const answer = (index: number, latencyMs: number, extra: TurnData | object = {}): TurnData => ({
  index,
  callerText: `question ${index}`,
  agentText: `answer ${index}`,
  startedAtMs: index * 5_000,
  endedAtMs: index * 5_000 + latencyMs + 1_500,
  latencyMs,
  sttMs: latencyMs / 5,
  llmMs: (latencyMs * 2) / 5,
  ttsMs: latencyMs / 5,
  engineMs: latencyMs / 5,
  ...extra,
});

describe("voice.conversation", () => {
  it("returns the call's turns in order, greeting first, with tool calls read defensively", async () => {
    const user = await createTestUser(t.db);
    const seeded = await seedCall(user.id);
    // Written out of order (the recorder upserts each turn when it ends): read back by index.
    await seedTurn(seeded, answer(2, 820, { interrupted: true, agentText: "Sure, I can" }));
    await seedTurn(seeded, { index: 0, agentText: "Thanks for calling, how can I help?", startedAtMs: 0, endedAtMs: 2_400 });
    await seedTurn(
      seeded,
      answer(1, 640, {
        toolCalls: [
          { name: "take_message", input: { message: "Call Ada back" }, ok: true, result: "The message is saved and the owner has been notified." },
          { name: "send_sms", input: { text: "" }, ok: false, result: "Invalid input: text: say what to text" },
          // What a malformed row might hold: no ok (not a success), a non-text result, no input.
          { name: "end_call", result: 42 },
          { input: { orphan: true }, ok: true, result: "no name: left out" },
          "not a tool call",
        ],
      }),
    );
    const api = await callerFor(t.db, user);

    const turns = await api.voice.conversation({ callId: seeded.call.id });
    expect(turns.map((turn) => turn.index)).toEqual([0, 1, 2]);
    expect(turns[0]).toEqual({
      index: 0,
      callerText: "",
      agentText: "Thanks for calling, how can I help?",
      toolCalls: [],
      startedAtMs: 0,
      endedAtMs: 2_400,
      interrupted: false,
      latencyMs: null,
      sttMs: null,
      llmMs: null,
      ttsMs: null,
      engineMs: null,
    });
    expect(turns[1]).toMatchObject({ callerText: "question 1", agentText: "answer 1", latencyMs: 640, sttMs: 128, llmMs: 256, ttsMs: 128, engineMs: 128 });
    expect(turns[1]!.toolCalls).toEqual([
      { name: "take_message", input: { message: "Call Ada back" }, ok: true, result: "The message is saved and the owner has been notified." },
      { name: "send_sms", input: { text: "" }, ok: false, result: "Invalid input: text: say what to text" },
      { name: "end_call", input: null, ok: false, result: "" },
    ]);
    expect(turns[2]).toMatchObject({ interrupted: true, agentText: "Sure, I can", toolCalls: [] });
    // Not the row's own fields beyond the contract (ids, user, stream).
    expect(Object.keys(turns[2]!).sort()).toEqual(Object.keys(turns[0]!).sort());
  });

  it("keeps two streams of one call in the order they happened", async () => {
    const user = await createTestUser(t.db);
    const first = await seedCall(user.id);
    const second = {
      call: first.call,
      stream: await t.db.voiceStream.create({
        data: { userId: user.id, callId: first.call.id, purpose: "receptionist", tokenHash: randomUUID(), expiresAt: NOW },
      }),
    };
    await seedTurn(second, { index: 0, agentText: "second stream", createdAt: daysAgo(0.5) });
    await seedTurn(first, { index: 1, agentText: "first stream, answer", createdAt: daysAgo(0.9) });
    await seedTurn(first, { index: 0, agentText: "first stream, greeting", createdAt: daysAgo(0.9) });
    const api = await callerFor(t.db, user);
    expect((await api.voice.conversation({ callId: first.call.id })).map((turn) => turn.agentText)).toEqual([
      "first stream, greeting",
      "first stream, answer",
      "second stream",
    ]);
  });

  it("is empty for a call the agent did not take", async () => {
    const user = await createTestUser(t.db);
    const { call } = await seedCall(user.id);
    expect(await (await callerFor(t.db, user)).voice.conversation({ callId: call.id })).toEqual([]);
  });

  it("refuses another user's call, an unknown one and a signed-out caller", async () => {
    const owner = await createTestUser(t.db);
    const intruder = await createTestUser(t.db);
    const seeded = await seedCall(owner.id);
    await seedTurn(seeded, answer(1, 500));
    const api = await callerFor(t.db, intruder);
    await expect(api.voice.conversation({ callId: seeded.call.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.voice.conversation({ callId: "no-such-call" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await callerFor(t.db, null)).voice.conversation({ callId: seeded.call.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // The owner still reads it.
    expect(await (await callerFor(t.db, owner)).voice.conversation({ callId: seeded.call.id })).toHaveLength(1);
  });
});

describe("voice.stats", () => {
  it("gives p50/p95 of the wait and its parts over the user's last 7 days", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const a = await seedCall(user.id);
    const b = await seedCall(user.id);
    // Greetings: not answers (no wait), so neither counted nor in the percentiles.
    await seedTurn(a, { index: 0, agentText: "Hello" });
    await seedTurn(b, { index: 0, agentText: "Hello", interrupted: true });
    // Waits of 100, 200, … 1000 ms over the two calls and the week (the last 6.9 days ago); two cut off.
    for (let i = 1; i <= 10; i++) await seedTurn(i % 2 ? a : b, answer(i, i * 100, { interrupted: i === 3 || i === 8, createdAt: daysAgo(i * 0.69) }));
    // Just outside the window, and far slower: it would move every percentile.
    const old = await seedCall(user.id);
    await seedTurn(old, answer(1, 60_000, { createdAt: daysAgo(7.001), interrupted: true }));
    // Another user's answers, in the window.
    const theirs = await seedCall(other.id);
    for (let i = 1; i <= 5; i++) await seedTurn(theirs, answer(i, 9_000, { interrupted: true }));

    const stats = await (await callerFor(t.db, user, { now: () => NOW })).voice.stats();
    // percentile_cont over 100..1000: p50 = 550, p95 = 100 + 0.95 × 9 × 100 = 955 (the parts the
    // same over 20..200 and 40..400: never on a .5, where floating point would pick the rounding).
    expect(stats).toEqual({
      since: daysAgo(7),
      turns: 10,
      calls: 2,
      interrupted: 3,
      latency: { p50: 550, p95: 955 },
      stt: { p50: 110, p95: 191 },
      llm: { p50: 220, p95: 382 },
      tts: { p50: 110, p95: 191 },
      engine: { p50: 110, p95: 191 },
    });

    // The other user sees only their own.
    const theirStats = await (await callerFor(t.db, other, { now: () => NOW })).voice.stats();
    expect(theirStats).toMatchObject({ turns: 5, calls: 1, interrupted: 5, latency: { p50: 9_000, p95: 9_000 } });
  });

  it("is empty, with nulls rather than zeros, when nothing was measured", async () => {
    const user = await createTestUser(t.db);
    const seeded = await seedCall(user.id);
    // Only a week-old answer: outside the window.
    await seedTurn(seeded, answer(1, 400, { createdAt: daysAgo(8) }));
    const none = { p50: null, p95: null };
    expect(await (await callerFor(t.db, user, { now: () => NOW })).voice.stats()).toEqual({
      since: daysAgo(7),
      turns: 0,
      calls: 0,
      interrupted: 0,
      latency: none,
      stt: none,
      llm: none,
      tts: none,
      engine: none,
    });
  });
});
