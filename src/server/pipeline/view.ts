import type { Prisma } from "~/generated/prisma/client";
import type { ProcessingStatus } from "~/generated/prisma/enums";
import type { ActionItem, TranscriptSegment } from "~/server/providers/types";
import { rerunBlocker } from "./rerun";
import { readDetails, stageLabels, stages, type Stage, type StageDetail } from "./stages";

export interface StageView extends StageDetail {
  stage: Stage;
  label: string;
  status: ProcessingStatus;
  /** What the user can do about a skipped or waiting stage, when there is something. */
  hint: string | null;
  /** Why "re-run" is not offered (its input is missing), or null. */
  rerunBlocker: string | null;
}

const configureHints: Partial<Record<Stage, string>> = {
  transcribe: "Set DEEPGRAM_API_KEY (Settings shows which providers are live) and re-run transcription.",
};

/** The call page's view of the pipeline: one row per stage, in order. */
export function pipelineView(call: {
  fetchStatus: ProcessingStatus;
  transcribeStatus: ProcessingStatus;
  analyzeStatus: ProcessingStatus;
  embedStatus: ProcessingStatus;
  processingDetails: Prisma.JsonValue | null;
  recordingUrl: string | null;
  recordingStorageKey: string | null;
  transcriptText: string | null;
}): StageView[] {
  const details = readDetails(call.processingDetails);
  const status: Record<Stage, ProcessingStatus> = {
    fetch: call.fetchStatus,
    transcribe: call.transcribeStatus,
    analyze: call.analyzeStatus,
    embed: call.embedStatus,
  };
  return stages.map((stage) => {
    const detail = details[stage] ?? { attempts: 0, startedAt: null, finishedAt: null, error: null, reason: null, provider: null };
    const skippedForKey = status[stage] === "skipped" && /_API_KEY not set/.test(detail.reason ?? "");
    return {
      stage,
      label: stageLabels[stage],
      status: status[stage],
      ...detail,
      hint: skippedForKey ? (configureHints[stage] ?? null) : null,
      rerunBlocker: rerunBlocker(stage, call),
    };
  });
}

/** Stored JSON, typed for the client (written only by the pipeline, in these shapes). */
export function transcriptSegmentsOf(value: Prisma.JsonValue | null): TranscriptSegment[] {
  return Array.isArray(value) ? (value as unknown as TranscriptSegment[]) : [];
}

export function actionItemsOf(value: Prisma.JsonValue | null): ActionItem[] {
  return Array.isArray(value) ? (value as unknown as ActionItem[]) : [];
}
