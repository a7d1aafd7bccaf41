import type { Db } from "~/server/db";
import type { Providers } from "~/server/providers/types";
import type { Boss } from "~/server/queue/boss";
import { EMBEDDED_TYPES, type EmbeddedType } from "./documents";
import { sendEmbedJob } from "./indexing";
import { callCounts, clearUserCalls, clearUserRows, embedJobStates, typeCounts } from "./sql";

/** The Jobs page's "Search index" card: how much of the user's data has a current vector. */

export type IndexedType = EmbeddedType | "call";

export interface SearchIndexStatus {
  /** The embedder's model: only its vectors count. */
  model: string;
  types: { type: IndexedType; total: number; indexed: number }[];
  total: number;
  indexed: number;
  /** The user's search.embed job: running, waiting, or none. */
  job: "active" | "queued" | null;
}

export async function searchIndexStatus({ db, providers }: { db: Db; providers: Pick<Providers, "embedder"> }, userId: string): Promise<SearchIndexStatus> {
  const model = providers.embedder.model;
  const [rows, calls, jobs] = await Promise.all([
    db.$queryRaw<{ type: EmbeddedType; total: bigint; indexed: bigint }[]>(typeCounts(userId, model)),
    db.$queryRaw<{ total: bigint; indexed: bigint }[]>(callCounts(userId, model)),
    db.$queryRaw<{ state: string; count: bigint }[]>(embedJobStates(userId)),
  ]);
  const byType = new Map(rows.map((row) => [row.type, row]));
  const types: SearchIndexStatus["types"] = [
    ...EMBEDDED_TYPES.map((type) => ({ type, total: Number(byType.get(type)?.total ?? 0), indexed: Number(byType.get(type)?.indexed ?? 0) })),
    { type: "call" as const, total: Number(calls[0]?.total ?? 0), indexed: Number(calls[0]?.indexed ?? 0) },
  ];
  const states = new Set(jobs.filter((job) => Number(job.count) > 0).map((job) => job.state));
  return {
    model,
    types,
    total: types.reduce((sum, t) => sum + t.total, 0),
    indexed: types.reduce((sum, t) => sum + t.indexed, 0),
    job: states.has("active") ? "active" : states.size > 0 ? "queued" : null,
  };
}

/**
 * Embeds all of the user's data again: every row's "embeddedHash" is cleared and their calls lose
 * their model, then search.embed is sent (or the one waiting takes it). Rows keep their vectors
 * (and search by meaning keeps finding them) until the new ones replace them; calls are found by
 * their transcript pieces and full text meanwhile.
 */
export async function rebuildSearchIndex(
  { db, jobs }: { db: Db; jobs: () => Promise<Boss> },
  userId: string,
): Promise<{ queued: boolean }> {
  const boss = await jobs();
  await db.$transaction(async (tx) => {
    for (const type of EMBEDDED_TYPES) await tx.$executeRaw(clearUserRows(type, userId));
    await tx.$executeRaw(clearUserCalls(userId));
  });
  return { queued: await sendEmbedJob(boss, userId) };
}
