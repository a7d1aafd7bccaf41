import { queueCounts } from "~/server/queue/stats";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const jobsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => queueCounts(ctx.db)),
});
