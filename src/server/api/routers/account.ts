import { changePassword, changePasswordInput } from "~/server/accounts/passwords";
import { signOutEverywhere } from "~/server/accounts/sessions";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** The signed-in person's own account: password and sessions. */
export const accountRouter = createTRPCRouter({
  /** Ends every session, this one included; the browser signs in again with the new password. */
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, ctx.userId, input)),
  signOutEverywhere: protectedProcedure.mutation(({ ctx }) => signOutEverywhere(ctx, ctx.userId)),
});
