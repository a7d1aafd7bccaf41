import type { Db } from "../../src/server/db";
import { createCaller } from "../../src/server/api/root";
import { createTRPCContext } from "../../src/server/api/trpc";
import { env } from "../../src/env";
import { createServices } from "../../src/server/services";

/** Nearest-rank percentile of an ascending list (0 when it is empty). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function round(x: number, digits = 2): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

/** The app's tRPC API as `user`, with the same context the route builds (no job queue). */
export async function benchCaller(db: Db, user: { id: string; email: string; name: string | null }) {
  return createCaller(
    await createTRPCContext({
      services: createServices(env, { db, jobs: () => Promise.reject(new Error("no jobs in this benchmark")) }),
      headers: new Headers(),
      session: { user: { id: user.id, email: user.email, name: user.name }, expires: new Date(Date.now() + 3600_000).toISOString() },
    }),
  );
}
