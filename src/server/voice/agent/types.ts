import type { Tool } from "@anthropic-ai/sdk/resources/messages";

/** What the agent does after the turn's audio has played. */
export type AfterTurn = { kind: "hangup" } | { kind: "transfer"; to: string };

export interface ToolResult {
  ok: boolean;
  /** What the model is told (and what the call page shows). */
  content: string;
  after?: AfterTurn;
}

/** A tool the model may call during the conversation. */
export interface AgentTool {
  definition: Tool;
  /** Never throws: bad input is a result with ok false, so the model can say so and go on. */
  run(input: unknown): Promise<ToolResult>;
}

/** Everything the agent says and can do on one call. */
export interface AgentScript {
  system: string;
  greeting: string;
  tools: AgentTool[];
  /** Said once after the caller is silent for a while. */
  reprompt: string;
  /** Said after a second silence, then the call ends. */
  goodbye: string;
  /** Said when the call reaches its maximum length, then the call ends. */
  timeUp: string;
  /** Spoken by Telnyx when a provider fails mid-call (then the recording takes a message). */
  fallback: string;
}

/** Telnyx commands the conversation sends (call-actions.ts implements them). */
export interface CallActions {
  hangup(): Promise<void>;
  /** Bridges the caller to `to`; the agent drops off. */
  transfer(to: string): Promise<void>;
  /** The agent is gone: Telnyx speaks `text` and the caller leaves a message on the recording. */
  fallback(text: string): Promise<void>;
}

export interface ToolCallRecord {
  name: string;
  input: unknown;
  ok: boolean;
  result: string;
}

export interface TurnRecord {
  index: number;
  callerText: string;
  agentText: string;
  toolCalls: ToolCallRecord[];
  startedAtMs: number;
  endedAtMs: number | null;
  interrupted: boolean;
  latencyMs: number | null;
  sttMs: number | null;
  llmMs: number | null;
  ttsMs: number | null;
  engineMs: number | null;
}

/** One line of the conversation, both sides, ms from the stream's start. */
export interface TranscriptLine {
  speaker: "caller" | "agent";
  startMs: number;
  endMs: number;
  text: string;
}

/** Where a conversation is kept (record.ts: the database). */
export interface ConversationRecorder {
  turn(turn: TurnRecord): Promise<void>;
  finish(lines: TranscriptLine[]): Promise<void>;
}

export interface ConversationTimings {
  /** Caller silence after the agent finished before the re-prompt (and again before goodbye). */
  silenceMs: number;
  maxCallMs: number;
  /** Agent audio queued at Telnyx ahead of playback (what a barge-in's clear drops). */
  playoutLeadMs: number;
  /** Longest caller utterance kept whole; a monologue past it is answered anyway. */
  maxUtteranceChars: number;
  /** Model rounds (tool calls and their follow-ups) in one turn. */
  maxToolRounds: number;
  /** The caller's pause that ends an utterance (Deepgram's endpointing), and its fallback (UtteranceEnd). */
  endpointingMs: number;
  utteranceEndMs: number;
}

export const DEFAULT_TIMINGS: ConversationTimings = {
  silenceMs: 8_000,
  maxCallMs: 10 * 60_000,
  playoutLeadMs: 200,
  maxUtteranceChars: 4_000,
  maxToolRounds: 3,
  endpointingMs: 300,
  utteranceEndMs: 1_000,
};
