import { env } from "~/env";
import { getSettings, profileInput, updateProfile } from "~/server/settings/profile";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const settingsRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => getSettings(ctx.db, ctx.userId, env)),
  update: protectedProcedure.input(profileInput).mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.userId, input)),
});
