import { env } from "~/env";
import { runStage, type CallJob, type PipelineDeps } from "~/server/pipeline/run";
import { pipeline, type StageJob } from "~/server/pipeline/table";
import { getProviders } from "~/server/providers";
import type { JobContext, JobHandler } from "~/server/queue/worker";
import { rescoreContact } from "~/server/scoring";
import { getStorage } from "~/server/storage";
import { getTelephony } from "~/server/telephony/provider";

/** What the pipeline needs beyond the job's own context (db, pg-boss, logger). */
export type PipelineServices = Omit<PipelineDeps, "db" | "boss" | "logger">;

export function pipelineServicesFromEnv(): PipelineServices {
  return {
    providers: getProviders(),
    storage: getStorage(),
    telnyx: getTelephony(),
    download: {
      telnyxApiKey: env.TELNYX_API_KEY,
      telnyxApiBaseUrl: env.TELNYX_API_BASE_URL,
      timeoutMs: 120_000,
      maxBytes: env.RECORDING_MAX_BYTES,
    },
  };
}

/** The pipeline's job handlers, one per stage of the table; `services` is read per job so tests can swap providers. */
export function createPipelineHandlers(services: () => PipelineServices) {
  const stageHandlers = Object.fromEntries(
    pipeline.map(({ stage, job }) => [
      job,
      (payload: CallJob, ctx: JobContext) => runStage({ ...services(), db: ctx.db, boss: ctx.boss, logger: ctx.logger }, stage, payload),
    ]),
  ) as { [J in StageJob]: JobHandler<J> };
  return {
    ...stageHandlers,
    "contact.rescore": (async (payload, { db }) => {
      await rescoreContact(db, payload);
    }) satisfies JobHandler<"contact.rescore">,
  };
}
