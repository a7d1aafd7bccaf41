import { z } from "zod";
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
} from "~/server/notifications/inbox";
import { listNotificationsInput, markNotificationsReadInput } from "~/server/notifications/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const notificationsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listNotificationsInput.optional())
    .query(({ ctx, input }) => listNotifications(ctx, ctx.userId, input ?? listNotificationsInput.parse({}))),
  unreadCount: protectedProcedure.query(({ ctx }) => countUnreadNotifications(ctx, ctx.userId)),
  markRead: protectedProcedure
    .input(markNotificationsReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx, ctx.userId, input)),
  markAllRead: protectedProcedure.input(z.void()).mutation(({ ctx }) => markAllNotificationsRead(ctx, ctx.userId)),
});
