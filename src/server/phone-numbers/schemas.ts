import { z } from "zod";
import { FIELD_LIMITS, limitedText } from "~/lib/field-limits";

/** Input schemas of the phone-numbers router, shared with the number and personal-phone forms. */

export const id = z.string().min(1).max(64);

export const phoneNumberIdInput = z.object({ id });

export const personalPhoneInput = z.object({
  /** null or "" clears it. */
  personalPhone: limitedText(FIELD_LIMITS.phone).nullable(),
});

const telnyxId = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  .regex(/^[A-Za-z0-9_.:-]*$/, "Use only letters, digits, '-', '_', '.' and ':' (copy it from Telnyx).")
  .transform((v) => (v === "" ? null : v))
  .nullish();

const label = limitedText(FIELD_LIMITS.numberLabel)
  .transform((v) => (v === "" ? null : v))
  .nullish();

export const createPhoneNumberInput = z.object({
  /** Any format; stored E.164 (the owner's default region applies to numbers without +country). */
  number: limitedText(FIELD_LIMITS.phone).min(1, "Enter the number."),
  label,
  /** Without TELNYX_API_KEY only: with a key, the ids come from the Telnyx account. */
  connectionId: telnyxId,
  messagingProfileId: telnyxId,
  /** Whom calls and texts to it reach (default: the owner adding it). */
  userId: id.optional(),
});

export const updatePhoneNumberInput = z.object({ id, label, connectionId: telnyxId, messagingProfileId: telnyxId });

export const assignPhoneNumberInput = z.object({ id, userId: id });

export const availableNumbersInput = z.object({
  /** Digits the number contains (Telnyx's filter needs at least three). */
  search: z
    .string()
    .trim()
    .max(30, "Use at most 30 characters.")
    .regex(/^[\d\s()+.-]*$/, "Type digits of the number.")
    .refine((v) => {
      const digits = v.replace(/\D/g, "").length;
      return digits === 0 || digits >= 3;
    }, "Type at least three digits.")
    .optional(),
});
