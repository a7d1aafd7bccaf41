import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";

/**
 * `recording.fetch` as far as telephony goes: the call is marked as waiting for its recording to
 * be fetched (fetchStatus pending, processingDetails.fetch.requestedAt). The pipeline's stage
 * replaces this with the actual download.
 */
export async function recordFetchRequested(db: Db, input: { callId: string; userId: string }, now = new Date()): Promise<boolean> {
  const call = await db.call.findFirst({
    where: { id: input.callId, userId: input.userId },
    select: { id: true, recordingUrl: true, fetchStatus: true, processingDetails: true },
  });
  // Deleted since, or nothing to fetch: the job has nothing to do.
  if (!call?.recordingUrl) return false;
  if (call.fetchStatus === "succeeded") return true;
  const details = (call.processingDetails && typeof call.processingDetails === "object" ? call.processingDetails : {}) as Record<string, unknown>;
  const fetch = (details.fetch && typeof details.fetch === "object" ? details.fetch : {}) as Record<string, unknown>;
  await db.call.update({
    where: { id: call.id },
    data: {
      fetchStatus: "pending",
      processingDetails: { ...details, fetch: { ...fetch, requestedAt: now.toISOString() } } as Prisma.InputJsonValue,
    },
  });
  return true;
}
