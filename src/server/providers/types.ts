import type { Readable } from "node:stream";
import type { SentimentLabel } from "~/generated/prisma/enums";

/**
 * The contract between the recording pipeline and its providers (docs/provider-contract.md). Each provider has a
 * real implementation (official SDK, base URL from env, a timeout on every request) and, where
 * the provider contract lists one, a deterministic local one used when its key is not set.
 */

/** One diarized utterance. Times in seconds from the start of the recording. */
export interface TranscriptSegment {
  /** 0-based speaker index as the provider diarized it (dual-channel: the channel). */
  speaker: number;
  start: number;
  end: number;
  text: string;
  /** 0…1. */
  confidence: number;
}

export interface Transcript {
  text: string;
  segments: TranscriptSegment[];
  language: string | null;
  durationSeconds: number | null;
  /** "deepgram:<model>". */
  provider: string;
}

export interface AudioInput {
  /** Streamed from storage in the pipeline, so a long recording is never held in memory whole. */
  body: Buffer | Readable;
  contentType: string;
  sizeBytes: number;
}

export interface Transcriber {
  readonly provider: string;
  transcribe(audio: AudioInput, options?: { signal?: AbortSignal }): Promise<Transcript>;
}

export type TaskPriorityHint = "low" | "medium" | "high" | "urgent";

export interface ActionItem {
  text: string;
  /** The words the transcript used for when ("by Friday", "tomorrow"), if any. */
  dueHint: string | null;
  /** `dueHint` resolved against the call's start, ISO 8601, when it could be. */
  dueAt: string | null;
  priority: TaskPriorityHint;
}

export interface CallAnalysis {
  summary: string;
  sentiment: { label: SentimentLabel; /** -1 … 1 */ score: number };
  actionItems: ActionItem[];
  topics: string[];
  /** Worth a notification (urgent, a complaint, a decision, money, health…). */
  important: boolean;
  /** Identifies the prompt/rules that produced it ("anthropic-v1", "local-v1"). */
  promptVersion: string;
  /** "anthropic:<model>" or "local". */
  provider: string;
}

export interface AnalysisInput {
  transcript: string;
  segments: TranscriptSegment[];
  direction: "inbound" | "outbound";
  /** Resolves relative due hints ("tomorrow"). */
  startedAt: Date;
  /** IANA zone of the user, for due dates. */
  timeZone: string;
  userName: string | null;
  contactName: string | null;
}

export interface Analyser {
  readonly provider: string;
  readonly promptVersion: string;
  analyze(input: AnalysisInput, options?: { signal?: AbortSignal }): Promise<CallAnalysis>;
}

export const EMBEDDING_DIMENSIONS = 1024;

export interface Embedder {
  /** "voyage:voyage-3.5" or "local:hash-ngram-v1". */
  readonly model: string;
  /**
   * Cosine similarity below which a text and a query have nothing to do with each other, for
   * this model (search drops such neighbours: nearest is not the same as related).
   */
  readonly relatedAbove: number;
  /** One L2-normalised vector of EMBEDDING_DIMENSIONS per text, in order. */
  embed(texts: string[], options: { inputType: "document" | "query"; signal?: AbortSignal }): Promise<number[][]>;
}

export interface SpeechSynthesizer {
  /** "elevenlabs:<voice>:<model>". */
  readonly provider: string;
  /** MP3 bytes. */
  synthesize(text: string, options?: { signal?: AbortSignal }): Promise<Buffer>;
}

/** What the pipeline runs with; null = not configured (the stage is skipped with `reason`). */
export interface Providers {
  transcriber: Transcriber | null;
  analyser: Analyser;
  embedder: Embedder;
  speech: SpeechSynthesizer | null;
}
