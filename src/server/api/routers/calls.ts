import { createContactFromCall, getCall, listCalls } from "~/server/calls/calls";
import { dialCall } from "~/server/calls/dial";
import {
  callIdInput,
  createContactFromCallInput,
  dialInput,
  listCallsInput,
  nameSpeakerInput,
  rerunStageInput,
} from "~/server/calls/schemas";
import { nameSpeaker } from "~/server/calls/speakers";
import { rerunStage } from "~/server/pipeline/rerun";
import { mintPlaybackUrl } from "~/server/recordings";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const callsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listCallsInput)
    .query(({ ctx, input }) => listCalls(ctx, ctx.userId, input)),
  get: protectedProcedure.input(callIdInput).query(({ ctx, input }) => getCall(ctx, ctx.userId, input)),
  dial: protectedProcedure
    .input(dialInput)
    .mutation(({ ctx, input }) => dialCall(ctx, ctx.userId, input)),
  /** A short-lived signed URL for the call's recording (owner only). */
  playbackUrl: protectedProcedure
    .input(callIdInput)
    .query(({ ctx, input }) => mintPlaybackUrl(ctx, ctx.userId, input)),
  /** Runs a pipeline stage again, and the stages after it. */
  rerunStage: protectedProcedure
    .input(rerunStageInput)
    .mutation(({ ctx, input }) => rerunStage(ctx, ctx.userId, input)),
  createContact: protectedProcedure
    .input(createContactFromCallInput)
    .mutation(({ ctx, input }) => createContactFromCall(ctx, ctx.userId, input)),
  /** Names a transcript speaker the call does not name (a blank name clears it). */
  nameSpeaker: protectedProcedure
    .input(nameSpeakerInput)
    .mutation(({ ctx, input }) => nameSpeaker(ctx, ctx.userId, input)),
});
