import {
  createReminderInput,
  historyInput,
  listRemindersInput,
  occurrencesInput,
  plannedInput,
  previewScheduleInput,
  reminderIdInput,
  reminderSettingsInput,
  updateReminderInput,
} from "~/server/reminders/schemas";
import {
  createReminder,
  deleteReminder,
  getReminder,
  getReminderSettings,
  listReminders,
  pauseReminder,
  previewSchedule,
  resumeReminder,
  setReminderSettings,
  testReminderNow,
  updateReminder,
} from "~/server/reminders/service";
import { listOccurrences, occurrenceHistory, plannedOccurrences } from "~/server/reminders/views";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const remindersRouter = createTRPCRouter({
  list: protectedProcedure.input(listRemindersInput).query(({ ctx, input }) => listReminders(ctx, ctx.userId, input)),
  get: protectedProcedure.input(reminderIdInput).query(({ ctx, input }) => getReminder(ctx, ctx.userId, input)),
  create: protectedProcedure.input(createReminderInput).mutation(({ ctx, input }) => createReminder(ctx, ctx.userId, input)),
  update: protectedProcedure.input(updateReminderInput).mutation(({ ctx, input }) => updateReminder(ctx, ctx.userId, input)),
  pause: protectedProcedure.input(reminderIdInput).mutation(({ ctx, input }) => pauseReminder(ctx, ctx.userId, input)),
  resume: protectedProcedure.input(reminderIdInput).mutation(({ ctx, input }) => resumeReminder(ctx, ctx.userId, input)),
  delete: protectedProcedure.input(reminderIdInput).mutation(({ ctx, input }) => deleteReminder(ctx, ctx.userId, input)),
  preview: protectedProcedure.input(previewScheduleInput).query(({ ctx, input }) => previewSchedule(ctx, ctx.userId, input)),
  occurrences: protectedProcedure.input(occurrencesInput).query(({ ctx, input }) => listOccurrences(ctx, ctx.userId, input)),
  planned: protectedProcedure.input(plannedInput).query(({ ctx, input }) => plannedOccurrences(ctx, ctx.userId, input)),
  history: protectedProcedure.input(historyInput).query(({ ctx, input }) => occurrenceHistory(ctx, ctx.userId, input)),
  testNow: protectedProcedure.input(reminderIdInput).mutation(({ ctx, input }) => testReminderNow(ctx, ctx.userId, input)),
  settings: protectedProcedure.query(({ ctx }) => getReminderSettings(ctx, ctx.userId)),
  updateSettings: protectedProcedure.input(reminderSettingsInput).mutation(({ ctx, input }) => setReminderSettings(ctx, ctx.userId, input)),
});
