/**
 * Voice agent benchmark: BENCH_VOICE_CALLS (20) simultaneous receptionist calls on the embedded
 * database, each a real-time Telnyx media stream (a 20 ms frame every 20 ms, silence included)
 * into the voice server, against provider fakes with fixed latencies: the transcript's final 200 ms
 * after the caller stops speaking (100 ms of endpointing silence, then 100 ms), the model's first
 * token after 300 ms, speech's first byte after 100 ms. Each call has BENCH_VOICE_TURNS (4)
 * answered turns and one barge-in.
 *
 * Reports, measured at Telnyx's side of the stream:
 * - turn latency: the caller's last speech frame sent → the agent's first audio frame received;
 * - engine overhead: that minus the 600 ms the fakes add (goal p50 ≤ 30 ms, p99 ≤ 100 ms);
 * - barge-in: the first speech frame of the interruption sent → `clear` received (goal p50 ≤ 50 ms);
 * - CPU per call-minute of this one process (voice server, fakes and simulated callers together,
 *   so an upper bound for the server alone).
 * Run alone: `npm run bench -- voice`.
 */
import { createDb } from "../../src/server/db";
import { silenceAudio, speechAudio } from "../../src/test/fakes/deepgram-live";
import type { MessagesRequest } from "../../src/test/fakes/anthropic";
import type { FakeTelnyxMediaStream } from "../../src/test/fakes/telnyx-media";
import { receptionistCall, startVoiceHarness, type VoiceHarness } from "../../src/test/voice";
import { benchDatabases } from "./databases";
import { percentile, round } from "./stats";

const CALLS = Number(process.env.BENCH_VOICE_CALLS ?? 20);
const TURNS = Number(process.env.BENCH_VOICE_TURNS ?? 4);
const STT_MS = 200;
const ENDPOINTING_MS = 100;
const LLM_MS = 300;
const TTS_MS = 100;
const FIXED_MS = STT_MS + LLM_MS + TTS_MS;
const FRAME_MS = 20;
const SPEECH_MS = 800;
const BARGE = "[barge-in]";

const SHORT_ANSWER = "Sure, I can help with that.";
const LONG_ANSWER = "Sam is out on a job today and usually answers messages in the evening. I can take a message for him, or text him if it is urgent. What would you like to do?";

/** One caller's side: a frame every 20 ms from its queue, silence when the queue is empty. */
class Caller {
  private queue: Buffer[] = [];
  /** performance.now() when the last queued speech frame went out / the first of a batch did. */
  lastSpeechSentAt = 0;
  firstSpeechSentAt = 0;
  private pendingFirst = false;
  private pendingLast = 0;
  constructor(readonly telnyx: FakeTelnyxMediaStream) {}

  say(ms: number): void {
    const speech = speechAudio(ms);
    for (let offset = 0; offset < speech.length; offset += 160) this.queue.push(speech.subarray(offset, offset + 160));
    this.pendingFirst = true;
    this.pendingLast = this.queue.length;
  }

  tick(silence: Buffer): void {
    const frame = this.queue.shift();
    this.telnyx.sendAudio(frame ?? silence);
    if (!frame) return;
    const now = performance.now();
    if (this.pendingFirst) {
      this.firstSpeechSentAt = now;
      this.pendingFirst = false;
    }
    this.pendingLast -= 1;
    if (this.pendingLast === 0) this.lastSpeechSentAt = now;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function next(telnyx: FakeTelnyxMediaStream, event: string, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} frame within ${timeoutMs} ms`)), timeoutMs);
    telnyx.onReceive = (frame) => {
      if (frame.event !== event) return;
      clearTimeout(timer);
      telnyx.onReceive = null;
      resolve(performance.now());
    };
  });
}

async function turnKept(h: VoiceHarness, callId: string, index: number): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await h.db.voiceTurn.findFirst({ where: { callId, index }, select: { id: true } })) return;
    await sleep(50);
  }
  throw new Error(`turn ${index} of call ${callId} was never kept`);
}

async function oneCall(h: VoiceHarness, callers: Set<Caller>, latencies: number[], bargeIns: number[]): Promise<number> {
  const call = await receptionistCall(h);
  const caller = new Caller(call.telnyx);
  callers.add(caller);
  const startedAt = performance.now();
  await turnKept(h, call.callId, 0);
  let index = 1;
  for (; index <= TURNS; index += 1) {
    h.deepgram.queueUtterance(`Question number ${index}, can you help me?`);
    caller.say(SPEECH_MS);
    const firstAudio = next(call.telnyx, "media");
    const answeredAt = await firstAudio;
    latencies.push(answeredAt - caller.lastSpeechSentAt);
    await turnKept(h, call.callId, index);
    await sleep(300);
  }
  // A long answer, interrupted once its audio is playing.
  h.deepgram.queueUtterance(`${BARGE} Tell me about Sam.`);
  caller.say(SPEECH_MS);
  await next(call.telnyx, "media");
  await sleep(400);
  h.deepgram.queueUtterance("Okay, never mind.");
  caller.say(400);
  const cleared = await next(call.telnyx, "clear");
  bargeIns.push(cleared - caller.firstSpeechSentAt);
  await turnKept(h, call.callId, index);
  await sleep(200);
  callers.delete(caller);
  call.telnyx.stop();
  return performance.now() - startedAt;
}

export async function benchVoice(): Promise<Record<string, unknown>> {
  // The conversation touches the database only between turns: the embedded one is enough.
  const database = await benchDatabases()[0]!();
  const db = createDb(database.url, { max: 10 });
  const h = await startVoiceHarness(db, {
    deepgramFinalDelayMs: STT_MS - ENDPOINTING_MS,
    llmFirstTokenMs: LLM_MS,
    ttsFirstByteMs: TTS_MS,
    ttsMsPerCharacter: 10,
    timings: { endpointingMs: ENDPOINTING_MS, silenceMs: 60_000 },
  });
  h.anthropic.streamTokenIntervalMs = 0;
  h.anthropic.defaultStreamReply = (request: MessagesRequest) => {
    const last = JSON.stringify(request.messages.at(-1)?.content ?? "");
    return { text: last.includes(BARGE) ? LONG_ANSWER : SHORT_ANSWER };
  };

  // Every caller's frame goes out on one 20 ms tick, as Telnyx streams in real time.
  const callers = new Set<Caller>();
  const silence = silenceAudio(FRAME_MS);
  // Scheduled against absolute times (not setInterval, which drifts by each callback's lateness).
  const firstTick = performance.now();
  let ticks = 0;
  let ticker: NodeJS.Timeout | undefined;
  const tick = () => {
    for (const caller of callers) caller.tick(silence);
    ticks += 1;
    ticker = setTimeout(tick, Math.max(0, firstTick + ticks * FRAME_MS - performance.now()));
  };
  ticker = setTimeout(tick, FRAME_MS);

  const latencies: number[] = [];
  const bargeIns: number[] = [];
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let callMs: number[] = [];
  try {
    callMs = await Promise.all(Array.from({ length: CALLS }, () => oneCall(h, callers, latencies, bargeIns)));
  } finally {
    clearTimeout(ticker);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  const engineStored = await db.voiceTurn.findMany({ where: { latencyMs: { not: null }, interrupted: false }, select: { latencyMs: true, engineMs: true } });

  await h.close();
  await db.$disconnect();
  await database.stop();

  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const summary = (values: number[]) => {
    const s = sorted(values);
    return { p50: round(percentile(s, 50), 1), p95: round(percentile(s, 95), 1), p99: round(percentile(s, 99), 1), max: round(s.at(-1) ?? 0, 1), n: s.length };
  };
  const overhead = latencies.map((ms) => ms - FIXED_MS);
  const callMinutes = callMs.reduce((sum, ms) => sum + ms, 0) / 60_000;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const overheadSummary = summary(overhead);
  const bargeSummary = summary(bargeIns);
  return {
    name: "voice",
    engine: "embedded",
    calls: CALLS,
    turnsPerCall: TURNS,
    fixedProviderLatencyMs: { sttFinalAfterSpeechEnd: STT_MS, llmFirstToken: LLM_MS, ttsFirstByte: TTS_MS, total: FIXED_MS },
    turnLatencyMs: summary(latencies),
    engineOverheadMs: { ...overheadSummary, goal: { p50: 30, p99: 100 }, met: overheadSummary.p50 <= 30 && overheadSummary.p99 <= 100 },
    engineMsAsStored: summary(engineStored.map((t) => t.engineMs ?? 0)),
    bargeInToClearMs: { ...bargeSummary, goal: { p50: 50 }, met: bargeSummary.p50 <= 50 },
    cpu: {
      processCpuMs: round(cpuMs, 0),
      wallMs: round(wallMs, 0),
      callMinutes: round(callMinutes, 2),
      cpuMsPerCallMinute: round(cpuMs / callMinutes, 0),
      note: "one process: voice server, provider fakes and the simulated callers together",
    },
  };
}
