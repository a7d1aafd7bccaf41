import { env } from "~/env";
import {
  createPhoneNumber,
  createPhoneNumberInput,
  deletePhoneNumber,
  getPersonalPhone,
  listPhoneNumbers,
  personalPhoneInput,
  phoneNumberIdInput,
  setPersonalPhone,
  telephonyStatus,
  updatePhoneNumber,
  updatePhoneNumberInput,
} from "~/server/phone-numbers/phone-numbers";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const phoneNumbersRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listPhoneNumbers(ctx.db, ctx.userId)),
  create: protectedProcedure.input(createPhoneNumberInput).mutation(({ ctx, input }) => createPhoneNumber(ctx.db, ctx.userId, input)),
  update: protectedProcedure.input(updatePhoneNumberInput).mutation(({ ctx, input }) => updatePhoneNumber(ctx.db, ctx.userId, input)),
  delete: protectedProcedure.input(phoneNumberIdInput).mutation(({ ctx, input }) => deletePhoneNumber(ctx.db, ctx.userId, input.id)),
  personalPhone: protectedProcedure.query(({ ctx }) => getPersonalPhone(ctx.db, ctx.userId)),
  setPersonalPhone: protectedProcedure.input(personalPhoneInput).mutation(({ ctx, input }) => setPersonalPhone(ctx.db, ctx.userId, input)),
  status: protectedProcedure.query(({ ctx }) =>
    telephonyStatus(ctx.db, ctx.userId, { apiKey: !!env.TELNYX_API_KEY, publicKey: !!env.TELNYX_PUBLIC_KEY }),
  ),
});
