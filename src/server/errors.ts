import { TRPCError } from "@trpc/server";
import { ZodRealError } from "zod";

/**
 * A BAD_REQUEST that the client shows next to one form field, shaped exactly like an input
 * validation failure (data.zodError.fieldErrors[field]).
 */
export function fieldError(field: string, message: string): TRPCError {
  return new TRPCError({
    code: "BAD_REQUEST",
    message,
    // ZodRealError (unlike ZodError) is an Error, so tRPC keeps it as the cause unchanged.
    cause: new ZodRealError([{ code: "custom", path: [field], message, input: undefined }]),
  });
}

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${what} not found.` });
}
