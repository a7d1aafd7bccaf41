import { env } from "~/env";
import { analyzeCall } from "~/server/pipeline/analyze";
import { embedCall } from "~/server/pipeline/embed";
import { fetchCallRecording } from "~/server/pipeline/fetch";
import type { CallJob, PipelineDeps } from "~/server/pipeline/run";
import { transcribeCall } from "~/server/pipeline/transcribe";
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

type Stage = (deps: PipelineDeps, job: CallJob) => Promise<void>;

/** The pipeline's job handlers; `services` is read per job so tests can swap providers. */
export function createPipelineHandlers(services: () => PipelineServices) {
  const handler = (stage: Stage) => (payload: CallJob, ctx: JobContext) =>
    stage({ ...services(), db: ctx.db, boss: ctx.boss, logger: ctx.logger }, payload);
  return {
    "recording.fetch": handler(fetchCallRecording) satisfies JobHandler<"recording.fetch">,
    "call.transcribe": handler(transcribeCall) satisfies JobHandler<"call.transcribe">,
    "call.analyze": handler(analyzeCall) satisfies JobHandler<"call.analyze">,
    "call.embed": handler(embedCall) satisfies JobHandler<"call.embed">,
    "contact.rescore": (async (payload, { db }) => {
      await rescoreContact(db, payload);
    }) satisfies JobHandler<"contact.rescore">,
  };
}
