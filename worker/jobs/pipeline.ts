import { runStage, type CallJob } from "~/server/pipeline/run";
import { pipeline, type StageJob } from "~/server/pipeline/table";
import type { JobContext, JobHandler } from "~/server/queue/worker";
import { rescoreContact } from "~/server/scoring";
import type { Services } from "~/server/services";

/** What the pipeline takes from the container beyond the job's own context (db, pg-boss, logger). */
export type PipelineServices = Pick<Services, "providers" | "storage" | "telephony" | "config" | "now">;

/**
 * The pipeline's job handlers, one per stage of the table. The container's pieces are read per
 * job, so a test that swaps its providers affects the jobs that start after.
 */
export function createPipelineHandlers(services: PipelineServices) {
  const stageHandlers = Object.fromEntries(
    pipeline.map(({ stage, job }) => [
      job,
      (payload: CallJob, ctx: JobContext) =>
        runStage(
          {
            db: ctx.db,
            boss: ctx.boss,
            logger: ctx.logger,
            providers: services.providers,
            storage: services.storage,
            telephony: services.telephony,
            config: services.config,
            now: services.now,
          },
          stage,
          payload,
        ),
    ]),
  ) as { [J in StageJob]: JobHandler<J> };
  return {
    ...stageHandlers,
    "contact.rescore": (async (payload, { db }) => {
      await rescoreContact(db, payload);
    }) satisfies JobHandler<"contact.rescore">,
  };
}
