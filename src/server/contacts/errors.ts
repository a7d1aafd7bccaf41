import { TRPCError } from "@trpc/server";
import { ZodRealError } from "zod";

export interface FieldIssue {
  /** Field key as the client shows it: "firstName", "emails.0", "phones.1". */
  field: string;
  message: string;
}

/**
 * One BAD_REQUEST carrying several field messages, shaped like an input validation failure
 * (the error formatter flattens it to data.zodError.fieldErrors[field]). Like `fieldError` in
 * ~/server/errors, for more than one field at once.
 */
export function fieldIssues(issues: FieldIssue[]): TRPCError {
  const first = issues[0];
  return new TRPCError({
    code: "BAD_REQUEST",
    message: first ? (issues.length === 1 ? first.message : `${first.message} (and ${issues.length - 1} more)`) : "Invalid input.",
    cause: new ZodRealError(
      issues.map((i) => ({ code: "custom" as const, path: [i.field], message: i.message, input: undefined })),
    ),
  });
}
