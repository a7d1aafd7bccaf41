import { z } from "zod";
import { FIELD_LIMITS, limitedText } from "~/lib/field-limits";

const id = z.string().min(1).max(64);
const number = limitedText(FIELD_LIMITS.phone).min(1, "Enter a number.");

export const sendMessageInput = z
  .object({
    /** Text this contact (at `to` when given, which must be one of theirs; else their first number). */
    contactId: id.optional(),
    to: number.optional(),
    body: limitedText(FIELD_LIMITS.smsBody).min(1, "Write a message."),
    /** Which of the user's Telnyx numbers to send from (default: the default one). */
    fromNumberId: id.optional(),
  })
  .refine((v) => !!v.contactId || !!v.to, { path: ["to"], message: "Choose a contact or enter a number." });
export type SendMessageInput = z.input<typeof sendMessageInput>;

export const listThreadsInput = z.object({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(30),
});

/** A thread is a contact's (all their numbers) or, without a contact, one number's. */
const threadKey = {
  contactId: id.optional(),
  number: number.optional(),
};

export const threadInput = z
  .object({
    ...threadKey,
    /** `nextCursor` of the previous page (older messages). */
    cursor: z.string().max(200).nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !!v.contactId !== !!v.number, { path: ["number"], message: "Choose a contact or a number (one of them)." });

export const markReadInput = z
  .object({ ...threadKey, ids: z.array(id).min(1).max(500).optional() })
  .refine((v) => [v.contactId, v.number, v.ids].filter(Boolean).length === 1, {
    path: ["ids"],
    message: "Choose a contact, a number or messages (one of them).",
  });
