import type { Prisma } from "~/generated/prisma/client";
import type { JobName } from "~/server/queue/jobs";

/** What a re-run's blocker reads of the call (the stages' inputs). */
export interface RerunInput {
  recordingUrl: string | null;
  recordingStorageKey: string | null;
  transcriptText: string | null;
}

const NO_TRANSCRIPT_YET = "This call has no transcript yet: transcription has to succeed first.";

const entries = [
  {
    stage: "fetch",
    job: "recording.fetch",
    next: "transcribe",
    label: "Recording",
    status: "fetchStatus",
    rerunBlocker: (call: RerunInput) => (call.recordingUrl ? null : "This call has no recording to fetch."),
  },
  {
    stage: "transcribe",
    job: "call.transcribe",
    next: "analyze",
    label: "Transcript",
    status: "transcribeStatus",
    rerunBlocker: (call: RerunInput) =>
      call.recordingStorageKey ? null : "The recording has not been stored yet: re-run the recording stage first.",
    configureHint: "Set DEEPGRAM_API_KEY (Settings shows which providers are live) and re-run transcription.",
  },
  {
    stage: "analyze",
    job: "call.analyze",
    next: "embed",
    label: "Analysis",
    status: "analyzeStatus",
    rerunBlocker: (call: RerunInput) => (call.transcriptText === null ? NO_TRANSCRIPT_YET : null),
  },
  {
    stage: "embed",
    job: "call.embed",
    next: null,
    label: "Search index",
    status: "embedStatus",
    rerunBlocker: (call: RerunInput) => (call.transcriptText === null ? NO_TRANSCRIPT_YET : null),
  },
] as const;

export type Stage = (typeof entries)[number]["stage"];
// Extract: an entry naming an unknown job or column is then not a PipelineStage and fails below.
export type StageJob = Extract<(typeof entries)[number]["job"], JobName>;
/** The Call column holding a stage's status. */
export type StatusColumn = Extract<(typeof entries)[number]["status"], keyof Prisma.CallUncheckedUpdateInput>;

export interface PipelineStage {
  stage: Stage;
  /** The pg-boss job that runs the stage (its queue, payload and retry policy: queue/jobs.ts). */
  job: StageJob;
  /** The stage queued in the transaction that stores this one's result. */
  next: Stage | null;
  /** The stage's name on the call page and in notifications. */
  label: string;
  status: StatusColumn;
  /** Why the stage cannot run again for this call (its input is missing), or null when it can. */
  rerunBlocker: (call: RerunInput) => string | null;
  /** What the user can do when the stage is skipped for a missing provider key. */
  configureHint?: string;
}

/**
 * The recording pipeline, in order: the one place its stages, their jobs and their order are
 * written. The job handlers, the wakes between queues, dead-letter routing, re-runs and the call
 * page's view are derived from it; each stage's work is its `StageRun` (runs.ts). Stays free of
 * runtime imports: the job registry and the request schemas read it. Rescoring the contact and
 * notifying the owner are per contact / per user, not stages of the call.
 */
export const pipeline: readonly PipelineStage[] = entries;

export const stages: readonly Stage[] = pipeline.map((entry) => entry.stage);

const byStage = new Map(pipeline.map((entry) => [entry.stage, entry]));

export function stageEntry(stage: Stage): PipelineStage {
  return byStage.get(stage)!;
}

export const stageLabels = Object.fromEntries(pipeline.map((entry) => [entry.stage, entry.label])) as Record<Stage, string>;

export function stageOfJob(job: string): Stage | null {
  return pipeline.find((entry) => entry.job === job)?.stage ?? null;
}

/** The stages that run after `stage` (they depend on its result), in order. */
export function stagesAfter(stage: Stage): Stage[] {
  const after: Stage[] = [];
  for (let next = stageEntry(stage).next; next; next = stageEntry(next).next) after.push(next);
  return after;
}

/** Which queue each stage's job wakes when it completes (see queue/jobs.ts `wakesAfter`). */
export const pipelineWakes: Partial<Record<JobName, readonly JobName[]>> = Object.fromEntries(
  pipeline.flatMap((entry) => (entry.next ? [[entry.job, [stageEntry(entry.next).job]]] : [])),
);

/** The reason on the stages after a transcription that was skipped: they need its transcript. */
export const WAITING_FOR_TRANSCRIPT = "waiting for a transcript";
