import type { Prisma } from "~/generated/prisma/client";
import type { ProcessingStatus } from "~/generated/prisma/enums";
import type { ActionItem, TranscriptSegment } from "~/server/providers/types";
import { emptyDetail, readDetails, type StageDetail } from "./stages";
import { pipeline, type RerunInput, type Stage, type StatusColumn } from "./table";

export interface StageView extends StageDetail {
  stage: Stage;
  label: string;
  status: ProcessingStatus;
  /** What the user can do about a skipped or waiting stage, when there is something. */
  hint: string | null;
  /** Why "re-run" is not offered (its input is missing), or null. */
  rerunBlocker: string | null;
}

/** The call page's view of the pipeline: one row per stage, in order. */
export function pipelineView(
  call: Record<StatusColumn, ProcessingStatus> & RerunInput & { processingDetails: Prisma.JsonValue | null },
): StageView[] {
  const details = readDetails(call.processingDetails);
  return pipeline.map(({ stage, label, status: column, configureHint, rerunBlocker }) => {
    const detail = details[stage] ?? emptyDetail;
    const status = call[column];
    const skippedForKey = status === "skipped" && /_API_KEY not set/.test(detail.reason ?? "");
    return {
      stage,
      label,
      status,
      ...detail,
      hint: skippedForKey ? (configureHint ?? null) : null,
      rerunBlocker: rerunBlocker(call),
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
