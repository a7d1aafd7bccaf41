import { jobsOverview, listFailures, retryAllFailed, retryJob } from "~/server/queue/admin";
import { failuresInput, retryAllInput, retryInput } from "~/server/queue/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** The Jobs page: the signed-in user's background jobs (payloads naming their id) only. */
export const jobsRouter = createTRPCRouter({
  overview: protectedProcedure.query(({ ctx }) => jobsOverview(ctx, ctx.userId)),
  failures: protectedProcedure.input(failuresInput).query(({ ctx, input }) => listFailures(ctx, ctx.userId, input)),
  retry: protectedProcedure
    .input(retryInput)
    .mutation(({ ctx, input }) => retryJob(ctx, ctx.userId, input)),
  retryAllFailed: protectedProcedure
    .input(retryAllInput)
    .mutation(({ ctx, input }) => retryAllFailed(ctx, ctx.userId, input)),
});
