import type { TRPCClientErrorLike } from "@trpc/client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import type { AppRouter } from "~/server/api/root";
import { splitFormErrors } from "~/components/calendar/form-errors";

/**
 * Puts a tRPC error's field messages on react-hook-form's fields (focusing the first) and
 * returns the message for the whole form (typed errors such as FORBIDDEN, network failures).
 */
export function setServerErrors<T extends FieldValues>(
  form: { setError: UseFormSetError<T> },
  error: TRPCClientErrorLike<AppRouter>,
  fields: readonly Path<T>[],
): string | null {
  const { fieldErrors, formError } = splitFormErrors(error, fields);
  let first = true;
  for (const field of fields) {
    const message = fieldErrors[field];
    if (!message) continue;
    form.setError(field, { type: "server", message }, { shouldFocus: first });
    first = false;
  }
  return formError;
}
