import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Session } from "next-auth";
import { sessionAccount } from "~/server/accounts/sessions";
import { trpcLogLevel } from "~/lib/trpc-log-level";
import { logger } from "~/server/logger";
import { getServices, type Services } from "~/server/services";

/**
 * The app's dependencies (database, job queue, telephony, providers, storage, clock, config)
 * with the request's session and headers: procedures hand `ctx` to services as their deps.
 */
export interface TRPCContext extends Services {
  session: Session | null;
  headers: Headers;
}

export async function createTRPCContext(opts: {
  headers: Headers;
  session: Session | null;
  /** Default: the process's container (tests pass one built with fakes, src/test/services.ts). */
  services?: Services;
}): Promise<TRPCContext> {
  return { ...(opts.services ?? getServices()), session: opts.session, headers: opts.headers };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const { code, path } = shape.data;
    const level = trpcLogLevel({ code, httpStatus: shape.data.httpStatus });
    if (level === "error") logger.error({ err: error.cause ?? error, path }, "tRPC internal error");
    else if (level === "warn") logger.warn({ err: error.cause ?? error, code, path }, "tRPC call failed upstream");
    // Bad input, signed out, not found, limits: the app refusing as designed, not a fault.
    else logger.debug({ code, path }, "tRPC call refused");
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    return {
      ...shape,
      // Never send stack traces or internal messages to the browser.
      message:
        error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side." : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, zodError },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;

/**
 * Signed in, with a session the account still honours: the user exists, is not disabled, and
 * the token's session version is the current one (password changes, "sign out everywhere" and
 * disabling bump it, so a stolen token stops working on its next request).
 */
export const protectedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const sessionUser = ctx.session?.user;
  if (!sessionUser?.id) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const account = await sessionAccount(ctx.db, ctx.session);
  if (!account) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
  return next({ ctx: { ...ctx, session: ctx.session!, userId: account.id, role: account.role } });
});

/** The instance's owner only: users, invites, numbers, sign-up mode and limits. */
export const ownerProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.role !== "owner") throw new TRPCError({ code: "FORBIDDEN", message: "Only the owner of this Switchboard can do that." });
  return next();
});
