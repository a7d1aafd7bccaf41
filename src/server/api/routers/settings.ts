import { connectionTestInput, testConnection } from "~/server/settings/connection-test";
import { getSettings, profileInput, updateProfile } from "~/server/settings/profile";
import { createTRPCRouter, ownerProcedure, protectedProcedure } from "../trpc";

export const settingsRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => getSettings(ctx, ctx.userId)),
  update: protectedProcedure.input(profileInput).mutation(({ ctx, input }) => updateProfile(ctx, ctx.userId, input)),
  /** The provider keys are the instance's (server environment), so only its owner tests them. */
  testConnection: ownerProcedure.input(connectionTestInput).mutation(({ ctx, input }) => testConnection(ctx, input)),
});
