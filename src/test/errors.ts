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

type IssuePath = (string | number)[];

async function fieldErrorsKeyedBy(promise: Promise<unknown>, key: (path: IssuePath) => string) {
  const error = await trpcErrorOf(promise);
  expect(error.code).toBe("BAD_REQUEST");
  const cause = error.cause as { issues?: { path: IssuePath; message: string }[] } | undefined;
  const fields: Record<string, string[]> = {};
  for (const issue of cause?.issues ?? []) (fields[key(issue.path)] ??= []).push(issue.message);
  return fields;
}

/**
 * The field messages of a BAD_REQUEST (zod input errors and service field errors alike), keyed
 * by the top-level field ("emails", not "emails.0").
 */
export function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  return fieldErrorsKeyedBy(promise, (path) => String(path[0]));
}

/** The same, keyed by the full issue path joined with dots ("emails.0"): which row of a list failed. */
export function fieldErrorsByPathOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  return fieldErrorsKeyedBy(promise, (path) => path.join("."));
}
