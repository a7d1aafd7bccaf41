import type { Logger } from "~/server/logger";
import { upsertKeyedNotification } from "~/server/notifications/inbox";
import type { Boss } from "~/server/queue/boss";
import { jobDefinitions } from "~/server/queue/jobs";
import type { JobContext, JobHandler } from "~/server/queue/worker";
import { copyMissingSearchVectors, reindexOtherModels, runEmbedJob, sweepStaleUsers } from "~/server/search/embeddings/indexing";
import type { Services } from "~/server/services";

/** What the search index jobs take from the container (the job gives the db and the worker's pg-boss). */
export type SearchServices = Pick<Services, "providers">;

export function createSearchHandlers(services: SearchServices) {
  const embed: JobHandler<"search.embed"> = async ({ userId }, { db, boss, logger }) => {
    const result = await runEmbedJob({ db, boss, embedder: services.providers.embedder }, userId);
    if (result.embedded || result.calls) logger.info(result, "search index: embedded");
  };
  const sweep: JobHandler<"search.sweep"> = async (_payload, { db, boss, logger }) => {
    const sent = await sweepStaleUsers({ db, boss });
    if (sent) logger.debug({ users: sent }, "search index: sent search.embed");
  };
  return { "search.embed": embed, "search.sweep": sweep };
}

/**
 * At worker start: vectors written before SearchVector existed are copied into it, and what
 * another embedder model embedded is embedded again (see copyMissingSearchVectors, reindexOtherModels).
 */
export async function reindexAfterModelChange(services: Pick<Services, "db" | "providers">, boss: Boss, logger: Logger): Promise<void> {
  try {
    await copyMissingSearchVectors(services.db, logger);
    await reindexOtherModels({ db: services.db, boss, embedder: services.providers.embedder }, logger);
  } catch (error) {
    // Not fatal: the next start tries again, and search ignores other models' vectors meanwhile.
    logger.warn({ err: error }, "search index: could not check for vectors of another model");
  }
}

/**
 * A dead-lettered search.embed (the embedder failing through every retry: a revoked key, an
 * outage). The sweep sends a new job every minute while rows wait, so the owner is told once, on
 * one keyed notice, not once per job. False when the payload is not a search.embed's.
 */
export async function searchEmbedGaveUp(payload: unknown, { db }: Pick<JobContext, "db">): Promise<boolean> {
  const parsed = jobDefinitions["search.embed"].payload.safeParse(payload);
  if (!parsed.success) return false;
  const { userId } = parsed.data;
  if (!(await db.user.findUnique({ where: { id: userId }, select: { id: true } }))) return true;
  await upsertKeyedNotification(db, {
    userId,
    dedupeKey: "search.embed:failed",
    type: "job_failed",
    title: "Search indexing is failing",
    body: "New and edited items are still found by their words, not yet by meaning. Open Jobs to see the error; indexing resumes on its own once the cause is fixed.",
    link: "/jobs",
  });
  return true;
}
