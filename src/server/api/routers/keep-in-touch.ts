import { clearKeepInTouch, getKeepInTouch, setKeepInTouch } from "~/server/reminders/keep-in-touch";
import { createContactDate, deleteContactDate, listContactDates, updateContactDate } from "~/server/reminders/important-dates";
import {
  contactDateIdInput,
  contactIdInput,
  createContactDateInput,
  setKeepInTouchInput,
  updateContactDateInput,
} from "~/server/reminders/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** "Stay in touch every N days" and important dates of a contact (issue 12, item 6). */
export const keepInTouchRouter = createTRPCRouter({
  get: protectedProcedure.input(contactIdInput).query(({ ctx, input }) => getKeepInTouch(ctx, ctx.userId, input)),
  set: protectedProcedure.input(setKeepInTouchInput).mutation(({ ctx, input }) => setKeepInTouch(ctx, ctx.userId, input)),
  clear: protectedProcedure.input(contactIdInput).mutation(({ ctx, input }) => clearKeepInTouch(ctx, ctx.userId, input)),
  dates: protectedProcedure.input(contactIdInput).query(({ ctx, input }) => listContactDates(ctx, ctx.userId, input)),
  createDate: protectedProcedure
    .input(createContactDateInput)
    .mutation(({ ctx, input }) => createContactDate(ctx, ctx.userId, input)),
  updateDate: protectedProcedure
    .input(updateContactDateInput)
    .mutation(({ ctx, input }) => updateContactDate(ctx, ctx.userId, input)),
  deleteDate: protectedProcedure.input(contactDateIdInput).mutation(({ ctx, input }) => deleteContactDate(ctx, ctx.userId, input)),
});
