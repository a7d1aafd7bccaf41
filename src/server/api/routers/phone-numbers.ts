import {
  assignPhoneNumber,
  availablePhoneNumbers,
  createPhoneNumber,
  deletePhoneNumber,
  listAllPhoneNumbers,
  updatePhoneNumber,
} from "~/server/phone-numbers/manage";
import {
  getPersonalPhone,
  listPhoneNumbers,
  setDefaultPhoneNumber,
  setPersonalPhone,
  telephonyStatus,
} from "~/server/phone-numbers/phone-numbers";
import {
  getReceptionistSettings,
  previewVoice,
  receptionistOverview,
  updateReceptionistSettings,
} from "~/server/phone-numbers/receptionist";
import {
  assignPhoneNumberInput,
  availableNumbersInput,
  createPhoneNumberInput,
  personalPhoneInput,
  phoneNumberIdInput,
  previewVoiceInput,
  updatePhoneNumberInput,
  updateReceptionistInput,
} from "~/server/phone-numbers/schemas";
import { createTRPCRouter, ownerProcedure, protectedProcedure } from "../trpc";

export const phoneNumbersRouter = createTRPCRouter({
  /** The caller's own numbers (the ones assigned to them). */
  list: protectedProcedure.query(({ ctx }) => listPhoneNumbers(ctx, ctx.userId)),
  setDefault: protectedProcedure.input(phoneNumberIdInput).mutation(({ ctx, input }) => setDefaultPhoneNumber(ctx, ctx.userId, input)),
  personalPhone: protectedProcedure.query(({ ctx }) => getPersonalPhone(ctx, ctx.userId)),
  setPersonalPhone: protectedProcedure.input(personalPhoneInput).mutation(({ ctx, input }) => setPersonalPhone(ctx, ctx.userId, input)),
  status: protectedProcedure.query(({ ctx }) => telephonyStatus(ctx, ctx.userId)),

  // The receptionist of each of the caller's numbers (Settings → Receptionist).
  /** Every number's settings, the missing keys, the preview voice and the built-in texts. */
  receptionistSettings: protectedProcedure.query(({ ctx }) => receptionistOverview(ctx, ctx.userId)),
  receptionist: protectedProcedure.input(phoneNumberIdInput).query(({ ctx, input }) => getReceptionistSettings(ctx.db, ctx.userId, input.id)),
  updateReceptionist: protectedProcedure
    .input(updateReceptionistInput)
    .mutation(({ ctx, input: { id, ...settings } }) =>
      updateReceptionistSettings(ctx.db, ctx.userId, id, settings, { liveProviders: ctx.config.liveProviders }),
    ),
  /** MP3 (base64) of a greeting or prompt in the configured voice, for "Listen". */
  previewVoice: protectedProcedure.input(previewVoiceInput).mutation(({ ctx, input }) => previewVoice(ctx, ctx.userId, input)),

  // The owner's: every number of the instance, and who it is assigned to.
  all: ownerProcedure.query(({ ctx }) => listAllPhoneNumbers(ctx)),
  available: ownerProcedure
    .input(availableNumbersInput)
    .query(({ ctx, input }) => availablePhoneNumbers(ctx, input)),
  create: ownerProcedure
    .input(createPhoneNumberInput)
    .mutation(({ ctx, input }) => createPhoneNumber(ctx, ctx.userId, input)),
  update: ownerProcedure.input(updatePhoneNumberInput).mutation(({ ctx, input }) => updatePhoneNumber(ctx, input)),
  assign: ownerProcedure.input(assignPhoneNumberInput).mutation(({ ctx, input }) => assignPhoneNumber(ctx, input)),
  delete: ownerProcedure.input(phoneNumberIdInput).mutation(({ ctx, input }) => deletePhoneNumber(ctx, input)),
});
