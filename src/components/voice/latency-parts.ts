import { formatCount } from "~/lib/format";

/**
 * How the caller's wait for the receptionist's answer is split, in the order the time is spent:
 * the call page's per-turn strip and the Voice page's table share these names and colours so a
 * colour read on one page means the same on the other. The colours are never the only cue: every
 * place that shows them also says the name and the milliseconds in text.
 */

export type LatencyPartKey = "stt" | "llm" | "tts" | "engine";

export interface LatencyPart {
  key: LatencyPartKey;
  /** Short label, as on the strip and in the table. */
  label: string;
  /** The label in a word, for the legend ("STT transcription"). */
  plain: string;
  /** What the time is spent on, in plain words. */
  description: string;
  /** The swatch and segment colour (the theme's chart colours; the engine is "the rest", grey). */
  swatch: string;
}

export const LATENCY_PARTS: readonly LatencyPart[] = [
  { key: "stt", label: "STT", plain: "transcription", description: "Transcription: the caller’s last words finalised", swatch: "bg-chart-1" },
  { key: "llm", label: "LLM", plain: "model", description: "Model: time to its first words", swatch: "bg-chart-2" },
  { key: "tts", label: "TTS", plain: "speech", description: "Speech: time to the first audio", swatch: "bg-chart-4" },
  { key: "engine", label: "Engine", plain: "the rest", description: "The rest: Switchboard, the network and audio pacing", swatch: "bg-muted-foreground/45" },
];

/**
 * The wait a caller should not notice (end of their speech → first audio): about the gap between
 * two people taking turns. Shown for context beside the measured waits; nothing enforces it.
 */
export const LATENCY_GOAL_MS = 700;

/** "640 ms", "1,240 ms"; "—" when not measured. */
export function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${formatCount(Math.round(ms))} ms`;
}

export type LatencyBreakdown = Record<LatencyPartKey, number | null> & { total: number };

/** "Waited 640 ms: STT 120 ms, LLM 380 ms, TTS 90 ms, Engine 50 ms" (parts not measured left out). */
export function describeLatency(latency: LatencyBreakdown): string {
  const parts = LATENCY_PARTS.flatMap((part) => (latency[part.key] === null ? [] : [`${part.label} ${formatMs(latency[part.key])}`]));
  return `Waited ${formatMs(latency.total)}${parts.length ? `: ${parts.join(", ")}` : ""}`;
}
