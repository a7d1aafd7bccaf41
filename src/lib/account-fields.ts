import { z } from "zod";
import { FIELD_LIMITS, limitedText } from "./field-limits";

/**
 * The account form fields' rules, shared by the browser forms (react-hook-form's zod resolver)
 * and the server procedures, so both say the same thing in the same words.
 */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(FIELD_LIMITS.email, "Email is too long."));

export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(200, "Use at most 200 characters.");

export const nameSchema = limitedText(FIELD_LIMITS.personName).min(1, "Enter your name.");

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(200, "Use at most 200 characters."),
    newPassword: passwordSchema,
    confirmPassword: z.string().max(200, "Use at most 200 characters."),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match.",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
