import { listThreadsInput, markReadInput, sendMessageInput, threadInput } from "~/server/messages/schemas";
import { sendMessage } from "~/server/messages/send";
import { getThread, listThreads, markMessagesRead } from "~/server/messages/threads";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const messagesRouter = createTRPCRouter({
  threads: protectedProcedure.input(listThreadsInput).query(({ ctx, input }) => listThreads(ctx, ctx.userId, input)),
  thread: protectedProcedure.input(threadInput).query(({ ctx, input }) => getThread(ctx, ctx.userId, input)),
  send: protectedProcedure
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => sendMessage(ctx, ctx.userId, input)),
  markRead: protectedProcedure.input(markReadInput).mutation(({ ctx, input }) => markMessagesRead(ctx, ctx.userId, input)),
});
