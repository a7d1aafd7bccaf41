import type { Prisma } from "~/generated/prisma/client";
import type { Boss } from "~/server/queue/boss";
import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import { upsertKeyedNotification } from "~/server/notifications/inbox";
import { ProviderError } from "~/server/providers/errors";
import type { Providers } from "~/server/providers/types";
import { sendJobInTransaction } from "~/server/queue/outbox";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { RecordingDownloadError } from "~/server/recordings/download";
import { RecordingTooLargeError, type RecordingStorage } from "~/server/storage/types";
import { stageRuns } from "./runs";
import type { StageCall } from "./stage-run";
import { setStage, updateStage } from "./stages";
import { stageEntry, stageLabels, stagesAfter, type Stage } from "./table";
import { truncate } from "~/lib/format";

/** What every stage runs with; the worker builds it from env, tests from fakes. */
export interface PipelineDeps {
  db: Db;
  /** Sends the next stage's job in the transaction that records this one's result. */
  boss: Boss;
  providers: Providers;
  storage: RecordingStorage;
  /** Telnyx, to renew a recording's expired download URL. */
  telephony: TelephonyProvider;
  logger: Logger;
  /** How a recording is downloaded (the container's config.download). */
  config: { download: { telnyxApiKey?: string; telnyxApiBaseUrl?: string; timeoutMs: number; maxBytes: number } };
  now?: () => Date;
}

export interface CallJob {
  callId: string;
  userId: string;
}

/** Errors that another attempt cannot fix (bad key, refused input, a recording over the limit). */
function isPermanent(error: unknown): boolean {
  if (error instanceof ProviderError || error instanceof RecordingDownloadError) return error.permanent;
  return error instanceof RecordingTooLargeError;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return truncate(message, 500);
}

/**
 * Runs a stage's job for one call: loads it (scoped to the job's user; a deleted call or a stored
 * result ends the job), records a skip or a wait, or makes one attempt. A successful attempt's
 * result and the next stage's job are committed together, so a crash leaves all or nothing. A
 * retryable failure is recorded on the call (status back to pending, with the error) and rethrown
 * so pg-boss retries it with backoff; after the last attempt the dead-letter handler calls
 * `stageGaveUp`. A permanent failure gives up at once.
 */
export async function runStage(deps: PipelineDeps, stage: Stage, job: CallJob): Promise<void> {
  const { db } = deps;
  const { status: column, next } = stageEntry(stage);
  const stageRun = stageRuns[stage];
  const call = (await db.call.findFirst({
    where: { id: job.callId, userId: job.userId },
    select: { ...stageRun.select, id: true, [column]: true },
  })) as (StageCall<Prisma.CallSelect> & Record<typeof column, string>) | null;
  // Deleted since, or already done (the next stage's job was queued with that commit).
  if (!call || (call[column] === "succeeded" && (stageRun.kept?.(call) ?? true))) return;

  const plan = stageRun.plan(deps, call);
  if ("wait" in plan) {
    await updateStage(db, call.id, stage, { status: "pending", detail: { reason: plan.wait } });
    return;
  }
  if ("skip" in plan) {
    const { skip: reason, later } = plan;
    await db.$transaction(async (tx) => {
      await setStage(tx, call.id, stage, { status: "skipped", detail: { reason } });
      // The later stages cannot run without this one's result: say so instead of leaving them blank.
      if (!later) return;
      for (const after of stagesAfter(stage)) {
        await setStage(
          tx,
          call.id,
          after,
          later === "skipped" ? { status: "skipped", detail: { reason } } : { status: "pending", detail: { reason: later.waiting } },
        );
      }
    });
    return;
  }

  try {
    await updateStage(db, call.id, stage, { status: "running", attempt: true, detail: { provider: plan.provider } });
    const result = await plan.run();
    await db.$transaction(async (tx) => {
      await setStage(tx, call.id, stage, { status: "succeeded", detail: { provider: result.provider }, data: result.data });
      if (next) await sendJobInTransaction(deps.boss, tx, stageEntry(next).job, job);
      await result.commit?.(tx);
    });
  } catch (error) {
    const message = describe(error);
    if (isPermanent(error)) {
      deps.logger.warn({ callId: job.callId, stage, err: error }, "pipeline stage failed permanently");
      await stageGaveUp(db, stage, job, message);
      return;
    }
    await updateStage(db, call.id, stage, { status: "pending", detail: { error: message } });
    throw error;
  }
}

/** The stage will not be retried again: mark it failed and tell the owner, once per stage. */
export async function stageGaveUp(db: Db, stage: Stage, job: CallJob, error?: string): Promise<void> {
  const call = await db.call.findFirst({ where: { id: job.callId, userId: job.userId }, select: { id: true, processingError: true } });
  if (!call) return;
  const reason = error ?? (call.processingError?.startsWith(`${stage}: `) ? call.processingError.slice(stage.length + 2) : "it kept failing");
  await db.$transaction(async (tx) => {
    await setStage(tx, call.id, stage, { status: "failed", detail: { error: reason } });
    await upsertKeyedNotification(tx, {
      userId: job.userId,
      dedupeKey: `pipeline:${call.id}:${stage}`,
      type: "job_failed",
      title: `${stageLabels[stage]} failed for a call`,
      body: `${reason} Open the call to re-run it once the cause is fixed.`,
      link: `/calls/${call.id}`,
    });
  });
}
