import { jobsOverview, listFailures, retryAllFailed, retryJob } from "~/server/queue/admin";
import { failuresInput, retryAllInput, retryInput } from "~/server/queue/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** The Jobs page: the signed-in user's background jobs (payloads naming their id) only. */
export const jobsRouter = createTRPCRouter({
  overview: protectedProcedure.query(({ ctx }) => jobsOverview(ctx.db, ctx.userId)),
  failures: protectedProcedure.input(failuresInput).query(({ ctx, input }) => listFailures(ctx.db, ctx.userId, input)),
  retry: protectedProcedure
    .input(retryInput)
    .mutation(async ({ ctx, input }) => retryJob(ctx.db, await ctx.jobs(), ctx.userId, input)),
  retryAllFailed: protectedProcedure
    .input(retryAllInput)
    .mutation(async ({ ctx, input }) => retryAllFailed(ctx.db, await ctx.jobs(), ctx.userId, input.queue)),
});
