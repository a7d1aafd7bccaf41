import type { Prisma } from "~/generated/prisma/client";
import type { ProcessingStatus } from "~/generated/prisma/enums";
import type { Db, Tx } from "~/server/db";
import { stageEntry, stages, type Stage } from "./table";

/**
 * A stage's bookkeeping on the Call row: its status column (see table.ts) plus
 * `processingDetails[stage]` = { attempts, startedAt, finishedAt, error, reason, provider }.
 */
export interface StageDetail {
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** The last error (kept after a later success for the record, cleared on the next run). */
  error: string | null;
  /** Why the stage is skipped or waiting ("DEEPGRAM_API_KEY not set", "waiting for a transcript"). */
  reason: string | null;
  /** Who did the work ("deepgram:nova-3", "local", "s3"). */
  provider: string | null;
}

export type ProcessingDetails = Partial<Record<Stage, StageDetail>>;

export const emptyDetail: StageDetail = { attempts: 0, startedAt: null, finishedAt: null, error: null, reason: null, provider: null };

export function readDetails(value: Prisma.JsonValue | null | undefined): ProcessingDetails {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const out: ProcessingDetails = {};
  for (const stage of stages) {
    const raw = (value as Record<string, unknown>)[stage];
    if (raw && typeof raw === "object") out[stage] = { ...emptyDetail, ...(raw as Partial<StageDetail>) };
  }
  return out;
}

export interface StageChange {
  status: ProcessingStatus;
  detail?: Partial<StageDetail>;
  /** Counts a new attempt (the stage is starting). */
  attempt?: boolean;
  /** Other columns written in the same statement (the stage's results). */
  data?: Prisma.CallUncheckedUpdateInput;
}

/**
 * Applies a stage transition under a row lock, so two jobs touching one call (a re-run racing a
 * retry) cannot lose each other's bookkeeping. Must run inside a transaction.
 */
export async function setStage(tx: Tx, callId: string, stage: Stage, change: StageChange, now = new Date()): Promise<void> {
  const rows = await tx.$queryRaw<{ processingDetails: Prisma.JsonValue; processingError: string | null }[]>`
    SELECT "processingDetails", "processingError" FROM "Call" WHERE id = ${callId} FOR UPDATE`;
  const row = rows[0];
  if (!row) return;
  const details = readDetails(row.processingDetails);
  const before = details[stage] ?? emptyDetail;
  const detail: StageDetail = {
    ...before,
    ...(change.attempt ? { attempts: before.attempts + 1, startedAt: now.toISOString(), finishedAt: null, error: null, reason: null } : {}),
    ...(change.status === "succeeded" || change.status === "failed" || change.status === "skipped" ? { finishedAt: now.toISOString() } : {}),
    ...change.detail,
  };
  details[stage] = detail;
  const error = change.detail?.error;
  // processingError is the call's one-line "what went wrong last": set by a failure, cleared once
  // the stage that caused it succeeds.
  const processingError =
    error !== undefined && error !== null
      ? { processingError: `${stage}: ${error}`, processingErrorAt: now }
      : change.status === "succeeded" && row.processingError?.startsWith(`${stage}: `)
        ? { processingError: null, processingErrorAt: null }
        : {};
  await tx.call.update({
    where: { id: callId },
    data: {
      ...change.data,
      [stageEntry(stage).status]: change.status,
      processingDetails: details as unknown as Prisma.InputJsonValue,
      ...processingError,
    },
  });
}

/** setStage in its own transaction. */
export function updateStage(db: Db, callId: string, stage: Stage, change: StageChange, now = new Date()): Promise<void> {
  return db.$transaction((tx) => setStage(tx, callId, stage, change, now));
}
