import { sendLimitsInput } from "~/server/usage-limits/schemas";
import { getSendLimits, updateSendLimits } from "~/server/usage-limits/settings";
import { createTRPCRouter, ownerProcedure, protectedProcedure } from "../trpc";

export const usageLimitsRouter = createTRPCRouter({
  /** Everyone may read the caps that apply to them; only the owner changes them. */
  get: protectedProcedure.query(async ({ ctx }) => ({ limits: await getSendLimits(ctx), canEdit: ctx.role === "owner" })),
  update: ownerProcedure.input(sendLimitsInput).mutation(({ ctx, input }) => updateSendLimits(ctx, input)),
});
