import { createInvite, createInviteInput, inviteIdInput, listInvites, revokeInvite } from "~/server/accounts/invites";
import { setSignupMode, signupModeInput, signupModeState } from "~/server/accounts/signup-mode";
import { listUsers, resetPasswordInput, resetUserPassword, setDisabledInput, setUserDisabled } from "~/server/accounts/users";
import { createTRPCRouter, ownerProcedure } from "../trpc";

/** The owner's instance administration: accounts, invites and the sign-up mode. */
export const adminRouter = createTRPCRouter({
  users: ownerProcedure.query(({ ctx }) => listUsers(ctx)),
  setDisabled: ownerProcedure
    .input(setDisabledInput)
    .mutation(({ ctx, input }) => setUserDisabled(ctx, ctx.userId, input)),
  resetPassword: ownerProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetUserPassword(ctx, ctx.userId, input)),

  invites: ownerProcedure.query(({ ctx }) => listInvites(ctx)),
  createInvite: ownerProcedure
    .input(createInviteInput)
    .mutation(({ ctx, input }) => createInvite(ctx, ctx.userId, input)),
  revokeInvite: ownerProcedure
    .input(inviteIdInput)
    .mutation(({ ctx, input }) => revokeInvite(ctx, input)),

  signupMode: ownerProcedure.query(({ ctx }) => signupModeState(ctx)),
  setSignupMode: ownerProcedure
    .input(signupModeInput)
    .mutation(({ ctx, input }) => setSignupMode(ctx, input)),
});
