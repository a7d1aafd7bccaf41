import { callConversation, conversationInput, voiceLatencyStats } from "~/server/voice/turns";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** The voice agent: a call's conversation, and how long callers waited for it (issue 13). */
export const voiceRouter = createTRPCRouter({
  conversation: protectedProcedure.input(conversationInput).query(({ ctx, input }) => callConversation(ctx, ctx.userId, input)),
  stats: protectedProcedure.query(({ ctx }) => voiceLatencyStats(ctx, ctx.userId)),
});
