import { TRPCError } from "@trpc/server";
import { expect } from "vitest";

/** Awaits a call that must fail and returns its TRPCError. */
export async function trpcErrorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/**
 * The field messages of a BAD_REQUEST (zod input errors and service field errors alike), keyed
 * by the top-level field ("emails", not "emails.0").
 */
export async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await trpcErrorOf(promise);
  expect(error.code).toBe("BAD_REQUEST");
  const cause = error.cause as { issues?: { path: (string | number)[]; message: string }[] } | undefined;
  const fields: Record<string, string[]> = {};
  for (const issue of cause?.issues ?? []) (fields[String(issue.path[0])] ??= []).push(issue.message);
  return fields;
}
