import { createContactFromCall, getCall, listCalls } from "~/server/calls/calls";
import { dialCall } from "~/server/calls/dial";
import { callIdInput, createContactFromCallInput, dialInput, listCallsInput } from "~/server/calls/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const callsRouter = createTRPCRouter({
  list: protectedProcedure.input(listCallsInput).query(({ ctx, input }) => listCalls(ctx.db, ctx.userId, input)),
  get: protectedProcedure.input(callIdInput).query(({ ctx, input }) => getCall(ctx.db, ctx.userId, input)),
  dial: protectedProcedure
    .input(dialInput)
    .mutation(({ ctx, input }) => dialCall({ db: ctx.db, telnyx: ctx.telephony }, ctx.userId, input)),
  createContact: protectedProcedure
    .input(createContactFromCallInput)
    .mutation(({ ctx, input }) => createContactFromCall(ctx.db, ctx.userId, input)),
});
