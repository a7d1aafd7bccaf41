import type { TRPCClientErrorLike } from "@trpc/client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import type { AppRouter } from "~/server/api/root";

/**
 * The one mapping from a tRPC error to a form: the server reports field problems the way zod
 * does (input validation and the routers' typed field errors both reach the browser as
 * `data.zodError`, flattened: `fieldErrors[key]`, where a key may name a list entry such as
 * "emails.1"), and everything else (FORBIDDEN, NOT_FOUND, a network failure) is one message
 * for the whole form.
 */

export type ServerError = TRPCClientErrorLike<AppRouter>;

export const GENERIC_ERROR = "Could not save right now. Please try again.";

/** Where a server field message goes: a form field (with the text to show there), or null for the form. */
export type FieldRoute<F extends string> = (key: string, message: string) => { field: F; message: string } | null;

/** The form's fields taken one to one: a key the form has goes to that field, anything else to the form. */
function byName<F extends string>(fields: readonly F[]): FieldRoute<F> {
  return (key, message) => ((fields as readonly string[]).includes(key) ? { field: key as F, message } : null);
}

/**
 * Splits a tRPC error into messages for the form's own fields (two messages routed to one field
 * are joined) and one message for the form: other fields' messages, typed errors such as
 * NOT_FOUND, or a generic one for network failures.
 */
export function splitFormErrors<F extends string>(
  error: ServerError,
  fields: readonly F[] | FieldRoute<F>,
): { fieldErrors: Partial<Record<F, string>>; formError: string | null } {
  const route = typeof fields === "function" ? fields : byName(fields);
  const zod = error.data?.zodError;
  const fieldErrors: Partial<Record<F, string>> = {};
  if (!zod) return { fieldErrors, formError: error.data ? error.message || GENERIC_ERROR : GENERIC_ERROR };
  const other: string[] = [...(zod.formErrors ?? [])];
  for (const [key, messages] of Object.entries(zod.fieldErrors ?? {})) {
    const message = (messages as string[] | undefined)?.[0];
    if (!message) continue;
    const target = route(key, message);
    if (!target) other.push(message);
    else fieldErrors[target.field] = fieldErrors[target.field] ? `${fieldErrors[target.field]} ${target.message}` : target.message;
  }
  return { fieldErrors, formError: other.length > 0 ? other.join(" ") : null };
}

/** The react-hook-form key of the message for the whole form (cleared by the next submit). */
export const FORM_ERROR = "root.server" as const;

/**
 * Puts a tRPC error's field messages on react-hook-form's fields (focusing the first, in the
 * order of `fields` when it is a list) and the rest on the form (`FORM_ERROR`, shown by
 * `<FormError>`); returns the form's message too.
 */
export function setServerErrors<T extends FieldValues>(
  form: { setError: UseFormSetError<T> },
  error: ServerError,
  fields: readonly Path<T>[] | FieldRoute<Path<T>>,
): string | null {
  const { fieldErrors, formError } = splitFormErrors(error, fields);
  const order = typeof fields === "function" ? (Object.keys(fieldErrors) as Path<T>[]) : fields;
  let first = true;
  for (const field of order) {
    const message = fieldErrors[field];
    if (!message) continue;
    form.setError(field, { type: "server", message }, { shouldFocus: first });
    first = false;
  }
  if (formError) form.setError(FORM_ERROR, { type: "server", message: formError });
  return formError;
}

/** A short message for a toast or an inline notice: the first field message, the error's own, or `fallback`. */
export function errorMessage(error: ServerError, fallback = GENERIC_ERROR): string {
  if (!error.data) return fallback;
  const zod = error.data.zodError;
  if (zod) {
    const first = Object.values(zod.fieldErrors ?? {}).flat()[0] ?? zod.formErrors?.[0];
    if (typeof first === "string") return first;
  }
  return error.message || fallback;
}
