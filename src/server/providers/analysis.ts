import { resolveDueHint } from "./due-dates";
import type { ActionItem, AnalysisInput, CallAnalysis, TaskPriorityHint } from "./types";

/** What both analysers share: how a transcript reads as lines, and the answer for silence. */

/** "mm:ss", or "h:mm:ss" past the hour. */
export function formatTimestamp(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/**
 * The transcript as "Speaker N [mm:ss]: text" lines (speakers counted from 1), or its plain
 * lines when there are no segments (a transcript without diarization).
 */
export function transcriptLines(input: Pick<AnalysisInput, "segments" | "transcript">): string[] {
  if (input.segments.length > 0) {
    return input.segments
      .filter((segment) => segment.text.trim())
      .map((segment) => `Speaker ${segment.speaker + 1} [${formatTimestamp(segment.start)}]: ${segment.text.trim()}`);
  }
  return input.transcript
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Nothing was said: there is nothing to summarise, and no provider needs asking. */
export function silentCallAnalysis(provider: string, promptVersion: string): CallAnalysis {
  return {
    summary: "No speech was transcribed.",
    sentiment: { label: "neutral", score: 0 },
    actionItems: [],
    topics: [],
    important: false,
    promptVersion,
    provider,
  };
}

export function actionItem(
  text: string,
  dueHint: string | null,
  priority: TaskPriorityHint,
  input: Pick<AnalysisInput, "startedAt" | "timeZone">,
): ActionItem {
  return { text, dueHint, dueAt: dueHint ? resolveDueHint(dueHint, input.startedAt, input.timeZone) : null, priority };
}
