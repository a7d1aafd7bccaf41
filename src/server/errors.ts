import { TRPCError } from "@trpc/server";
import { ZodRealError } from "zod";

export interface FieldIssue {
  /** Field key as the client shows it: "firstName", "emails.0", "phones.1". */
  field: string;
  message: string;
}

/**
 * One BAD_REQUEST carrying field messages, shaped exactly like an input validation failure (the
 * error formatter flattens it to data.zodError.fieldErrors[field]), so forms put each message
 * next to its field.
 */
export function fieldIssues(issues: FieldIssue[]): TRPCError {
  const first = issues[0];
  return new TRPCError({
    code: "BAD_REQUEST",
    message: first ? (issues.length === 1 ? first.message : `${first.message} (and ${issues.length - 1} more)`) : "Invalid input.",
    // ZodRealError (unlike ZodError) is an Error, so tRPC keeps it as the cause unchanged.
    cause: new ZodRealError(
      issues.map((i) => ({ code: "custom" as const, path: [i.field], message: i.message, input: undefined })),
    ),
  });
}

/** `fieldIssues` for one field. */
export function fieldError(field: string, message: string): TRPCError {
  return fieldIssues([{ field, message }]);
}

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${what} not found.` });
}
