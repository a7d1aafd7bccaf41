import type { Boss } from "~/server/queue/boss";
import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import { upsertKeyedNotification } from "~/server/notifications/inbox";
import { ProviderError } from "~/server/providers/errors";
import type { Providers } from "~/server/providers/types";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { RecordingDownloadError } from "~/server/recordings/download";
import { RecordingTooLargeError, type RecordingStorage } from "~/server/storage/types";
import { setStage, stageLabels, updateStage, type Stage } from "./stages";
import { truncate } from "~/lib/format";

/** What every stage runs with; the worker builds it from env, tests from fakes. */
export interface PipelineDeps {
  db: Db;
  /** Sends the next stage's job in the transaction that records this one's result. */
  boss: Boss;
  providers: Providers;
  storage: RecordingStorage;
  /** Telnyx, to renew a recording's expired download URL. */
  telnyx: TelephonyProvider;
  logger: Logger;
  download: { telnyxApiKey?: string; telnyxApiBaseUrl?: string; timeoutMs: number; maxBytes: number };
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
 * Runs one attempt of a stage. A retryable failure is recorded on the call (status back to
 * pending, with the error) and rethrown so pg-boss retries it with backoff; after the last
 * attempt the dead-letter handler calls `stageGaveUp`. A permanent failure gives up at once.
 */
export async function attemptStage(deps: PipelineDeps, stage: Stage, job: CallJob, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = describe(error);
    if (isPermanent(error)) {
      deps.logger.warn({ callId: job.callId, stage, err: error }, "pipeline stage failed permanently");
      await stageGaveUp(deps.db, stage, job, message);
      return;
    }
    await updateStage(deps.db, job.callId, stage, { status: "pending", detail: { error: message } });
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
