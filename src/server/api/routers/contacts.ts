import {
  bulkDeleteContacts,
  contactCompanies,
  contactTags,
  createContact,
  deleteContact,
  getContact,
  updateContact,
} from "~/server/contacts/contacts";
import { exportContactsCsv, importCsv, previewCsv } from "~/server/contacts/csv";
import { listContacts } from "~/server/contacts/list";
import { mergeContacts } from "~/server/contacts/merge";
import { createFromCaller, lookupByPhone } from "~/server/contacts/phone";
import {
  bulkDeleteInput,
  createContactInput,
  createFromCallerInput,
  idInput,
  importCsvInput,
  listContactsInput,
  mergeInput,
  phoneInput,
  previewCsvInput,
  timelineInput,
  updateContactInput,
  vcardInput,
} from "~/server/contacts/schemas";
import { contactTimeline } from "~/server/contacts/timeline";
import { contactRelationship, recalculateRelationship } from "~/server/scoring";
import { importVcard, previewVcard } from "~/server/contacts/vcard";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const contactsRouter = createTRPCRouter({
  list: protectedProcedure.input(listContactsInput).query(({ ctx, input }) => listContacts(ctx, ctx.userId, input)),
  get: protectedProcedure.input(idInput).query(({ ctx, input }) => getContact(ctx, ctx.userId, input)),
  timeline: protectedProcedure.input(timelineInput).query(({ ctx, input }) => contactTimeline(ctx, ctx.userId, input)),
  relationship: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => contactRelationship(ctx, ctx.userId, input)),
  recalculateScore: protectedProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => recalculateRelationship(ctx, ctx.userId, input)),
  create: protectedProcedure.input(createContactInput).mutation(({ ctx, input }) => createContact(ctx, ctx.userId, input)),
  update: protectedProcedure.input(updateContactInput).mutation(({ ctx, input }) => updateContact(ctx, ctx.userId, input)),
  delete: protectedProcedure.input(idInput).mutation(({ ctx, input }) => deleteContact(ctx, ctx.userId, input)),
  bulkDelete: protectedProcedure.input(bulkDeleteInput).mutation(({ ctx, input }) => bulkDeleteContacts(ctx, ctx.userId, input)),
  tags: protectedProcedure.query(({ ctx }) => contactTags(ctx, ctx.userId)),
  companies: protectedProcedure.query(({ ctx }) => contactCompanies(ctx, ctx.userId)),
  lookupByPhone: protectedProcedure.input(phoneInput).query(({ ctx, input }) => lookupByPhone(ctx, ctx.userId, input)),
  createFromCaller: protectedProcedure
    .input(createFromCallerInput)
    .mutation(({ ctx, input }) => createFromCaller(ctx, ctx.userId, input)),
  merge: protectedProcedure.input(mergeInput).mutation(({ ctx, input }) => mergeContacts(ctx, ctx.userId, input)),
  // Previews write nothing but carry up to 5 MB, so they are POSTed as mutations.
  previewCsv: protectedProcedure.input(previewCsvInput).mutation(({ ctx, input }) => previewCsv(ctx, ctx.userId, input)),
  importCsv: protectedProcedure.input(importCsvInput).mutation(({ ctx, input }) => importCsv(ctx, ctx.userId, input)),
  previewVcard: protectedProcedure.input(vcardInput).mutation(({ ctx, input }) => previewVcard(ctx, ctx.userId, input)),
  importVcard: protectedProcedure.input(vcardInput).mutation(({ ctx, input }) => importVcard(ctx, ctx.userId, input)),
  exportCsv: protectedProcedure.mutation(({ ctx }) => exportContactsCsv(ctx, ctx.userId)),
});
