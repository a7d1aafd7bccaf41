import { dashboardSummary } from "~/server/dashboard/summary";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const dashboardRouter = createTRPCRouter({
  summary: protectedProcedure.query(({ ctx }) => dashboardSummary(ctx, ctx.userId)),
});
