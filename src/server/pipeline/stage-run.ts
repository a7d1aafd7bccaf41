import type { Prisma } from "~/generated/prisma/client";
import type { Tx } from "~/server/db";
import type { PipelineDeps } from "./run";

/** The call as a stage selected it (always with its id). */
export type StageCall<S extends Prisma.CallSelect> = Prisma.CallGetPayload<{ select: S }> & { id: string };

/** What one attempt produced: written with the `succeeded` status, in one transaction. */
export interface StageResult {
  /** Who did the work ("deepgram:nova-3", "local"): may be more precise than who was asked. */
  provider: string;
  /** The stage's result columns. */
  data?: Prisma.CallUncheckedUpdateInput;
  /** Other writes that belong with the result (tasks, notices, the vector, jobs besides the next stage). */
  commit?: (tx: Tx) => Promise<void>;
}

/**
 * What a stage does with this call now: give up on it for good (`skip`, with what the later
 * stages become), wait until an earlier stage provides its input (`wait`), or make an attempt
 * with `provider` doing `run`.
 */
export type StagePlan =
  | { skip: string; later?: "skipped" | { waiting: string } }
  | { wait: string }
  | { provider: string; run: () => Promise<StageResult> };

/** A stage's own work; `runStage` does the loading, bookkeeping, retries and the next job. */
export interface StageRun<S extends Prisma.CallSelect = Prisma.CallSelect> {
  /** What the stage reads of the call. */
  select: S;
  /** With a succeeded status, whether the result is still there (a repeated job then does nothing). */
  kept?: (call: StageCall<S>) => boolean;
  plan: (deps: PipelineDeps, call: StageCall<S>) => StagePlan;
}

/** Keeps a stage's `select` and the call its functions read in step. */
export function defineStage<S extends Prisma.CallSelect>(run: StageRun<S>): StageRun {
  return run as unknown as StageRun;
}
