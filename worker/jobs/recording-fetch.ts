import { recordFetchRequested } from "~/server/calls/recording";
import type { JobHandler } from "~/server/queue/worker";

/**
 * First stage of the recording pipeline. Until the pipeline's fetcher is installed, the request
 * is recorded on the call (fetch pending, with when it was asked for) so nothing is lost.
 */
export const recordingFetch: JobHandler<"recording.fetch"> = async ({ callId, userId }, { db }) => {
  await recordFetchRequested(db, { callId, userId });
};
