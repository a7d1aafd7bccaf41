import type { ContentBlockParam, MessageParam, ToolUseBlock } from "@anthropic-ai/sdk/resources/messages";
import type { Logger } from "~/server/logger";
import type { MediaStreamConnection, InboundFrame } from "../media-stream";
import type { StreamSession } from "../server";
import { AudioClock } from "./audio-clock";
import { Playout } from "./playout";
import type { Replier } from "./replier";
import { SentenceChunker } from "./sentences";
import type { Synthesizer, SynthesizerEvents } from "./synthesizer";
import type { Transcriber, TranscriberEvents } from "./transcriber";
import type {
  AfterTurn,
  AgentScript,
  CallActions,
  ConversationRecorder,
  ConversationTimings,
  ToolCallRecord,
  ToolResult,
  TranscriptLine,
  TurnRecord,
} from "./types";

/**
 * One phone conversation with the agent, on one Telnyx media stream: caller audio → transcriber;
 * the end of each caller utterance → a model reply streamed sentence by sentence into the
 * synthesizer → audio paced out to Telnyx. Caller speech during a reply stops it (barge-in: Telnyx
 * `clear`, the model request aborted, the speech context cancelled). Silence is re-prompted then
 * ended, the call has a maximum length, and any provider failure hands the caller to Telnyx's own
 * speech and the recording (never dead air). Everything is kept per turn through the recorder.
 *
 * All state is this object's: one call's failure cannot reach another call.
 */

export interface ConversationDeps {
  logger: Logger;
  connection: MediaStreamConnection;
  script: AgentScript;
  actions: CallActions;
  recorder: ConversationRecorder;
  openTranscriber(events: TranscriberEvents): Promise<Transcriber>;
  openSynthesizer(events: SynthesizerEvents): Promise<Synthesizer>;
  replier: Replier;
  timings: ConversationTimings;
  /** Monotonic ms (performance.now); tests and the benchmark read the same clock. */
  clock?: () => number;
}

interface AgentTurn {
  index: number;
  contextId: string;
  callerText: string;
  /** Clock ms: the caller's last word arrived / the final transcript arrived. */
  speechEndedAt: number | null;
  transcriptAt: number | null;
  replyStartedAt: number | null;
  firstTokenAt: number | null;
  firstSentenceAt: number | null;
  firstAudioAt: number | null;
  spoken: string[];
  toolCalls: ToolCallRecord[];
  abort: AbortController;
  interrupted: boolean;
  after: AfterTurn | null;
  /** Resolves when the synthesizer has delivered all of this turn's audio. */
  synthesized: Promise<void>;
  markSynthesized: () => void;
  startedAtMs: number;
  recorded: boolean;
  /**
   * Started on an eager end of turn (Flux) before the caller's turn was confirmed: its audio is
   * held here and its tools wait until `final` confirms it; the caller going on cancels it.
   */
  speculative: boolean;
  held: Buffer[];
  confirmed: Promise<void>;
  confirm: () => void;
  /** The conversation this reply extends (this.messages once the turn is real). */
  messages: MessageParam[];
}

type State = "starting" | "listening" | "replying" | "ending" | "ended";

function addCallerMessage(messages: MessageParam[], text: string): void {
  const last = messages[messages.length - 1];
  // After a barge-in before any answer, the caller's words continue their unanswered message.
  if (last?.role === "user" && typeof last.content === "string") messages[messages.length - 1] = { role: "user", content: `${last.content} ${text}` };
  else messages.push({ role: "user", content: text });
}

export class Conversation implements StreamSession {
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly audio: AudioClock;
  private readonly playout: Playout;
  private readonly startedAt: number;
  private transcriber: Transcriber | null = null;
  private synthesizer: Synthesizer | null = null;
  private state: State = "starting";
  private turn: AgentTurn | null = null;
  private turnCount = 0;
  private messages: MessageParam[] = [];
  private readonly lines: TranscriptLine[] = [];
  /** The caller's words since the last agent turn began, and when they started. */
  private heard: string[] = [];
  private heardFrom: number | null = null;
  private silences = 0;
  private silenceTimer: NodeJS.Timeout | null = null;
  private maxTimer: NodeJS.Timeout | null = null;
  private ready: Promise<void> | null = null;
  private finished = false;

  constructor(private readonly deps: ConversationDeps) {
    this.log = deps.logger;
    this.clock = deps.clock ?? (() => performance.now());
    this.startedAt = this.clock();
    this.audio = new AudioClock(this.clock);
    this.playout = new Playout({ send: (frame) => deps.connection.sendAudio(frame) }, deps.timings.playoutLeadMs, this.clock);
    // Both providers are connected while Telnyx sets the stream up: the greeting pays no handshake.
    this.ready = this.connect();
  }

  private sinceStart(at = this.clock()): number {
    return Math.max(0, Math.round(at - this.startedAt));
  }

  private async connect(): Promise<void> {
    try {
      const [transcriber, synthesizer] = await Promise.all([
        this.deps.openTranscriber({
          speechStarted: () => this.onCallerSpeech(),
          interim: () => this.onCallerSpeech(),
          final: (text, endOfUtterance, lastWordEndMs) => this.onFinal(text, endOfUtterance, lastWordEndMs),
          utteranceEnd: (lastWordEndMs) => this.onUtteranceEnd(lastWordEndMs),
          eagerEnd: (text, lastWordEndMs) => this.onEagerEnd(text, lastWordEndMs),
          resumed: () => this.dropSpeculation(),
          failed: (error) => this.fail("transcriber", error),
        }),
        this.deps.openSynthesizer({
          audio: (contextId, audio) => this.onAudio(contextId, audio),
          done: (contextId) => {
            if (this.turn?.contextId === contextId) this.turn.markSynthesized();
          },
          failed: (error) => this.fail("synthesizer", error),
        }),
      ]);
      this.transcriber = transcriber;
      this.synthesizer = synthesizer;
      if (this.state === "ended" || this.state === "ending") {
        transcriber.close();
        synthesizer.close();
      }
    } catch (error) {
      this.fail("connect", error);
    }
  }

  // ── Telnyx frames ──────────────────────────────────────────────────────────────────────────

  async onFrame(frame: InboundFrame): Promise<void> {
    if (this.state === "ended") return;
    switch (frame.event) {
      case "start":
        if (this.state !== "starting") return;
        await this.ready;
        if (this.state !== "starting") return;
        this.maxTimer = setTimeout(() => void this.timeUp(), this.deps.timings.maxCallMs);
        this.maxTimer.unref();
        this.state = "listening";
        void this.scripted(this.deps.script.greeting, null);
        return;
      case "media":
        // Only the caller's side; an out-of-order or late frame is just more audio.
        if (frame.track && frame.track !== "inbound") return;
        this.audio.add(frame.audio.length);
        this.transcriber?.send(frame.audio);
        return;
      case "stop":
        await this.onEnd();
        return;
      default:
        return;
    }
  }

  async onEnd(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const turn = this.turn;
    if (turn && this.state !== "ended") {
      turn.abort.abort();
      turn.interrupted = turn.interrupted || this.playout.busy;
    }
    this.state = "ended";
    this.clearTimers();
    this.playout.stop();
    this.transcriber?.close();
    this.synthesizer?.close();
    if (turn) await this.record(turn);
    // Words the caller said after the last reply started.
    if (this.heard.length) this.lines.push({ speaker: "caller", startMs: this.heardFrom ?? this.sinceStart(), endMs: this.sinceStart(), text: this.heard.join(" ") });
    await this.deps.recorder.finish(this.lines).catch((error: unknown) => this.log.error({ err: error }, "voice: saving the transcript failed"));
  }

  // ── The caller ─────────────────────────────────────────────────────────────────────────────

  private onCallerSpeech(): void {
    if (this.state === "ended" || this.state === "ending") return;
    this.silences = 0;
    this.clearSilence();
    // A speculative reply is settled by the end of the turn (or dropped by TurnResumed), not here.
    if (this.turn?.speculative) return;
    if (this.turn && this.state === "replying") this.bargeIn();
  }

  /** Flux thinks the caller has finished: start answering, held back until the turn is confirmed. */
  private onEagerEnd(text: string, lastWordEndMs: number | null): void {
    if (this.state !== "listening" || this.turn) return;
    const now = this.clock();
    const speechEndedAt = lastWordEndMs !== null ? this.audio.arrivalOf(lastWordEndMs) : null;
    void this.reply(this.limit(text), speechEndedAt ?? now, now, true);
  }

  /** The caller went on (or said something else): the speculative reply was never heard; drop it. */
  private dropSpeculation(): void {
    const turn = this.turn;
    if (!turn?.speculative) return;
    turn.abort.abort();
    this.synthesizer?.cancel(turn.contextId);
    this.turn = null;
    this.state = "listening";
  }

  private onFinal(text: string, endOfUtterance: boolean, lastWordEndMs: number | null): void {
    if (this.state === "ended" || this.state === "ending") return;
    if (text) {
      if (this.heardFrom === null) this.heardFrom = this.sinceStart();
      this.heard.push(text);
      this.onCallerSpeech();
    }
    if (endOfUtterance) this.callerDone(lastWordEndMs);
  }

  private onUtteranceEnd(lastWordEndMs: number | null): void {
    if (this.state === "ended" || this.state === "ending") return;
    this.callerDone(lastWordEndMs);
  }

  /** The caller finished an utterance: answer it. */
  private callerDone(lastWordEndMs: number | null): void {
    const speculative = this.turn?.speculative ? this.turn : null;
    if (!this.heard.length || (this.state !== "listening" && !speculative)) return;
    const now = this.clock();
    // The transcript keeps every word; the model gets the end of a long monologue (limit).
    const heard = this.heard.join(" ");
    const said = this.limit(heard);
    if (speculative) {
      if (speculative.callerText === said) {
        this.lines.push({ speaker: "caller", startMs: this.heardFrom ?? this.sinceStart(now), endMs: this.sinceStart(now), text: heard });
        this.heard = [];
        this.heardFrom = null;
        this.confirmSpeculation(speculative, now);
        return;
      }
      this.dropSpeculation();
    }
    this.lines.push({ speaker: "caller", startMs: this.heardFrom ?? this.sinceStart(now), endMs: this.sinceStart(now), text: heard });
    this.heard = [];
    this.heardFrom = null;
    const speechEndedAt = lastWordEndMs !== null ? this.audio.arrivalOf(lastWordEndMs) : null;
    void this.reply(said, speechEndedAt ?? now, now);
  }

  /** A ten-minute monologue is answered from its end: the model gets the last few thousand characters. */
  private limit(text: string): string {
    const max = this.deps.timings.maxUtteranceChars;
    return text.length <= max ? text : `…${text.slice(text.length - max)}`;
  }

  // ── The agent ──────────────────────────────────────────────────────────────────────────────

  private newTurn(callerText: string, speechEndedAt: number | null, transcriptAt: number | null, speculative = false): AgentTurn {
    let confirm = () => {};
    const confirmed = new Promise<void>((resolve) => (confirm = resolve));
    let markSynthesized = () => {};
    const synthesized = new Promise<void>((resolve) => (markSynthesized = resolve));
    const index = this.turnCount++;
    const turn: AgentTurn = {
      index,
      contextId: `turn-${index}`,
      callerText,
      speechEndedAt,
      transcriptAt,
      replyStartedAt: null,
      firstTokenAt: null,
      firstSentenceAt: null,
      firstAudioAt: null,
      spoken: [],
      toolCalls: [],
      abort: new AbortController(),
      interrupted: false,
      after: null,
      synthesized,
      markSynthesized,
      startedAtMs: this.sinceStart(speechEndedAt ?? this.clock()),
      recorded: false,
      speculative,
      held: [],
      confirmed,
      confirm,
      messages: speculative ? [...this.messages] : this.messages,
    };
    if (!speculative) confirm();
    // A turn cut short has no more audio to wait for, nor a confirmation.
    turn.abort.signal.addEventListener("abort", () => {
      markSynthesized();
      confirm();
    });
    this.turn = turn;
    this.state = "replying";
    this.playout.reset();
    return turn;
  }

  private say(turn: AgentTurn, sentence: string): void {
    if (turn.abort.signal.aborted) return;
    turn.firstSentenceAt ??= this.clock();
    turn.spoken.push(sentence);
    this.synthesizer?.speak(turn.contextId, sentence);
  }

  private onAudio(contextId: string, audio: Buffer): void {
    const turn = this.turn;
    if (!turn || turn.contextId !== contextId || turn.abort.signal.aborted) return;
    if (turn.speculative) {
      turn.held.push(audio);
      return;
    }
    turn.firstAudioAt ??= this.clock();
    this.playout.push(audio);
  }

  /** Words the agent always says the same way: no model, straight to speech. */
  private async scripted(text: string, then: AfterTurn | null): Promise<void> {
    const turn = this.newTurn("", null, null);
    turn.after = then;
    this.say(turn, text);
    this.synthesizer?.end(turn.contextId);
    this.messages.push({ role: "assistant", content: text });
    await this.completeTurn(turn);
  }

  private async reply(callerText: string, speechEndedAt: number, transcriptAt: number, speculative = false): Promise<void> {
    const turn = this.newTurn(callerText, speechEndedAt, transcriptAt, speculative);
    addCallerMessage(turn.messages, callerText);
    const chunker = new SentenceChunker();
    try {
      for (let round = 0; round < this.deps.timings.maxToolRounds; round += 1) {
        turn.replyStartedAt ??= this.clock();
        const reply = await this.deps.replier({
          system: this.deps.script.system,
          messages: turn.messages,
          tools: this.deps.script.tools.map((tool) => tool.definition),
          signal: turn.abort.signal,
          onText: (delta) => {
            turn.firstTokenAt ??= this.clock();
            for (const sentence of chunker.push(delta)) this.say(turn, sentence);
          },
        });
        const rest = chunker.flush();
        if (rest) this.say(turn, rest);
        const content = reply.content.filter((block) => block.type === "text" || block.type === "tool_use") as ContentBlockParam[];
        if (content.length) turn.messages.push({ role: "assistant", content });
        const uses = reply.content.filter((block): block is ToolUseBlock => block.type === "tool_use");
        if (!uses.length || reply.stopReason !== "tool_use") break;
        // A speculative reply acts only once the caller's turn is confirmed.
        await turn.confirmed;
        if (turn.abort.signal.aborted && turn.speculative) return;
        // Tools run to the end even after a barge-in: their results must answer their calls.
        turn.messages.push({ role: "user", content: await this.runTools(turn, uses) });
        if (turn.abort.signal.aborted || turn.after) break;
      }
    } catch (error) {
      if (turn.abort.signal.aborted) return;
      this.fail("model", error);
      return;
    }
    if (turn.abort.signal.aborted) return;
    this.synthesizer?.end(turn.contextId);
    await turn.confirmed;
    await this.completeTurn(turn);
  }

  /** The caller's turn ended as the speculative reply assumed: it becomes the turn, held audio first. */
  private confirmSpeculation(turn: AgentTurn, transcriptAt: number): void {
    turn.speculative = false;
    turn.transcriptAt = transcriptAt;
    this.messages = turn.messages;
    if (turn.held.length) {
      turn.firstAudioAt = this.clock();
      for (const audio of turn.held) this.playout.push(audio);
      turn.held = [];
    }
    turn.confirm();
  }

  private async runTools(turn: AgentTurn, uses: ToolUseBlock[]): Promise<ContentBlockParam[]> {
    const results: ContentBlockParam[] = [];
    for (const use of uses) {
      const tool = this.deps.script.tools.find((t) => t.definition.name === use.name);
      const result: ToolResult = tool
        ? await tool.run(use.input).catch((error: unknown): ToolResult => {
            this.log.error({ err: error, tool: use.name }, "voice: a tool failed");
            return { ok: false, content: "That did not work because of an error on our side." };
          })
        : { ok: false, content: `There is no tool named ${use.name}.` };
      turn.toolCalls.push({ name: use.name, input: use.input, ok: result.ok, result: result.content });
      if (result.after) turn.after ??= result.after;
      results.push({ type: "tool_result", tool_use_id: use.id, content: result.content, ...(result.ok ? {} : { is_error: true }) });
    }
    return results;
  }

  private async completeTurn(turn: AgentTurn): Promise<void> {
    await turn.synthesized;
    if (turn.abort.signal.aborted || this.turn !== turn) return;
    this.playout.finish();
    await this.playout.idle();
    if (turn.abort.signal.aborted || this.turn !== turn) return;
    await this.record(turn);
    this.turn = null;
    if (turn.after) {
      await this.finishWith(turn.after);
      return;
    }
    this.state = "listening";
    // Words said while the agent was answering (without barging in) are answered now.
    if (this.heard.length) this.callerDone(null);
    else this.armSilence();
  }

  private bargeIn(): void {
    const turn = this.turn;
    if (!turn || turn.abort.signal.aborted) return;
    // Said to end the call or hand it over: let it finish.
    if (turn.after) return;
    this.cutTurn(true);
    this.state = "listening";
    void this.record(turn);
  }

  /**
   * Stops the current turn at once: its model request, its speech context, its audio not yet
   * sent, and (clear) what Telnyx has queued. Returns the turn, for the caller to record.
   */
  private cutTurn(interrupted: boolean): AgentTurn | null {
    const turn = this.turn;
    if (!turn) return null;
    turn.abort.abort();
    turn.interrupted = interrupted;
    this.synthesizer?.cancel(turn.contextId);
    this.playout.stop();
    this.deps.connection.clear();
    this.turn = null;
    return turn;
  }

  private async record(turn: AgentTurn): Promise<void> {
    // A speculative reply nobody heard is not a turn.
    if (turn.recorded || turn.speculative) return;
    turn.recorded = true;
    const endedAt = this.clock();
    const agentText = turn.spoken.join(" ");
    if (agentText) this.lines.push({ speaker: "agent", startMs: this.sinceStart(turn.firstAudioAt ?? endedAt), endMs: this.sinceStart(endedAt), text: agentText });
    const measured = turn.speechEndedAt !== null && turn.firstAudioAt !== null && turn.callerText !== "";
    const span = (from: number | null, to: number | null) => (from !== null && to !== null ? Math.max(0, Math.round(to - from)) : null);
    const latencyMs = measured ? span(turn.speechEndedAt, turn.firstAudioAt) : null;
    const sttMs = measured ? span(turn.speechEndedAt, turn.transcriptAt) : null;
    const llmMs = measured ? span(turn.replyStartedAt, turn.firstTokenAt) : null;
    const ttsMs = measured ? span(turn.firstSentenceAt, turn.firstAudioAt) : null;
    const record: TurnRecord = {
      index: turn.index,
      callerText: turn.callerText,
      agentText,
      toolCalls: turn.toolCalls,
      startedAtMs: turn.startedAtMs,
      endedAtMs: this.sinceStart(endedAt),
      interrupted: turn.interrupted,
      latencyMs,
      sttMs,
      llmMs,
      ttsMs,
      engineMs: latencyMs !== null ? Math.max(0, latencyMs - (sttMs ?? 0) - (llmMs ?? 0) - (ttsMs ?? 0)) : null,
    };
    await this.deps.recorder.turn(record).catch((error: unknown) => this.log.error({ err: error }, "voice: saving a turn failed"));
  }

  // ── Silence, time limit, the end ───────────────────────────────────────────────────────────

  private armSilence(): void {
    this.clearSilence();
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = null;
      if (this.state !== "listening" || this.heard.length) return;
      this.silences += 1;
      if (this.silences === 1) void this.scripted(this.deps.script.reprompt, null);
      else void this.scripted(this.deps.script.goodbye, { kind: "hangup" });
    }, this.deps.timings.silenceMs);
    this.silenceTimer.unref();
  }

  private clearSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  private clearTimers(): void {
    this.clearSilence();
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.maxTimer = null;
  }

  private async timeUp(): Promise<void> {
    if (this.state === "ended" || this.state === "ending") return;
    const turn = this.cutTurn(this.playout.busy);
    if (turn) await this.record(turn);
    this.heard = [];
    this.state = "listening";
    await this.scripted(this.deps.script.timeUp, { kind: "hangup" });
  }

  private async finishWith(after: AfterTurn): Promise<void> {
    this.state = "ending";
    this.clearTimers();
    try {
      if (after.kind === "transfer") await this.deps.actions.transfer(after.to);
      else await this.deps.actions.hangup();
    } catch (error) {
      this.log.error({ err: error, after: after.kind }, "voice: ending the conversation failed");
      if (after.kind === "transfer") await this.fallback();
    }
  }

  /** A provider failed: stop the agent and let Telnyx take a message, at once. */
  private fail(what: string, error: unknown): void {
    if (this.state === "ended" || this.state === "ending") return;
    this.log.warn({ err: error, what }, "voice: provider failed mid-call; falling back to taking a message");
    const turn = this.cutTurn(this.playout.busy);
    if (turn) void this.record(turn);
    this.state = "ending";
    this.clearTimers();
    void this.fallback();
  }

  private async fallback(): Promise<void> {
    this.state = "ending";
    this.lines.push({ speaker: "agent", startMs: this.sinceStart(), endMs: this.sinceStart(), text: this.deps.script.fallback });
    await this.deps.actions.fallback(this.deps.script.fallback).catch((error: unknown) => this.log.error({ err: error }, "voice: the fallback failed"));
    this.transcriber?.close();
    this.synthesizer?.close();
  }
}
