import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "~/server/api/root";

export const GENERIC_ERROR = "Could not save right now. Please try again.";

/**
 * Splits a tRPC error into messages for the form's own fields and one message for the form
 * (other fields' messages, typed errors such as NOT_FOUND, or a generic one for network failures).
 */
export function splitFormErrors<F extends string>(
  error: TRPCClientErrorLike<AppRouter>,
  fields: readonly F[],
): { fieldErrors: Partial<Record<F, string>>; formError: string | null } {
  const zod = error.data?.zodError;
  const fieldErrors: Partial<Record<F, string>> = {};
  const other: string[] = [...(zod?.formErrors ?? [])];
  for (const [key, messages] of Object.entries(zod?.fieldErrors ?? {})) {
    const message = (messages as string[] | undefined)?.[0];
    if (!message) continue;
    if ((fields as readonly string[]).includes(key)) fieldErrors[key as F] = message;
    else other.push(message);
  }
  const formError = zod ? (other.length > 0 ? other.join(" ") : null) : error.data ? error.message || GENERIC_ERROR : GENERIC_ERROR;
  return { fieldErrors, formError };
}

/** A short message for a toast. */
export function errorMessage(error: TRPCClientErrorLike<AppRouter>, fallback = GENERIC_ERROR) {
  if (!error.data) return fallback;
  const zod = error.data.zodError;
  if (zod) {
    const first = Object.values(zod.fieldErrors ?? {}).flat()[0] ?? zod.formErrors?.[0];
    if (typeof first === "string") return first;
  }
  return error.message || fallback;
}
