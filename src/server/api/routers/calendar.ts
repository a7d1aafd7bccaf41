import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from "~/server/calendar/events";
import { createEventInput, eventIdInput, listEventsInput, updateEventInput } from "~/server/calendar/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const calendarRouter = createTRPCRouter({
  list: protectedProcedure.input(listEventsInput).query(({ ctx, input }) => listEvents(ctx, ctx.userId, input)),
  get: protectedProcedure.input(eventIdInput).query(({ ctx, input }) => getEvent(ctx, ctx.userId, input)),
  create: protectedProcedure
    .input(createEventInput)
    .mutation(({ ctx, input }) => createEvent(ctx, ctx.userId, input)),
  update: protectedProcedure
    .input(updateEventInput)
    .mutation(({ ctx, input }) => updateEvent(ctx, ctx.userId, input)),
  delete: protectedProcedure.input(eventIdInput).mutation(({ ctx, input }) => deleteEvent(ctx, ctx.userId, input)),
});
