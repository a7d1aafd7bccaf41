import { randomUUID } from "node:crypto";
import type { Env } from "~/env";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import type { UserRole } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import type { Boss } from "~/server/queue/boss";
import type { Services } from "~/server/services";
import { createTestServices } from "./services";

/** An account (a member unless `role` says owner) with a password no sign-in can match. */
export async function createTestUser(db: Db, overrides: { email?: string; name?: string; role?: UserRole } = {}) {
  return db.user.create({
    data: {
      email: overrides.email ?? `user-${randomUUID().slice(0, 8)}@example.test`,
      name: overrides.name ?? "Test User",
      passwordHash: "not-a-real-hash",
      role: overrides.role,
    },
  });
}

/**
 * Pieces of the test container to replace: `jobs` (default: none; sending a job fails the test),
 * `telephony` (default: the local provider, which sends nothing: "not sent: TELNYX_API_KEY not
 * set"), or any other (see createTestServices); `env` configures the container as those variables
 * would (e.g. `{ SIGNUP_MODE: "open" }`).
 */
export type CallerDeps = Partial<Omit<Services, "db">> & { env?: Partial<Env> };

/**
 * A tRPC caller as the given user would get it in a request (null = signed out). The third
 * argument is the job queue alone (shorthand) or the dependencies to use.
 */
export async function callerFor(
  db: Db,
  user: { id: string; email: string; name: string | null } | null,
  deps: CallerDeps | (() => Promise<Boss>) = {},
) {
  const parts = typeof deps === "function" ? { jobs: deps } : deps;
  const ctx = await createTRPCContext({
    services: createTestServices({ ...parts, db }),
    headers: new Headers({ "x-forwarded-for": "203.0.113.7" }),
    session: user
      ? { user: { id: user.id, email: user.email, name: user.name }, expires: new Date(Date.now() + 3600_000).toISOString() }
      : null,
  });
  return createCaller(ctx);
}
