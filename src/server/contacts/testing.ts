import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { Db } from "~/server/db";

/** Awaits a call that must fail and returns its TRPCError. */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
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
 * The field messages of a BAD_REQUEST, keyed by the full issue path joined with dots
 * ("emails.0"), for zod input errors and service field errors alike.
 */
export async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await errorOf(promise);
  expect(error.code).toBe("BAD_REQUEST");
  const cause = error.cause as { issues?: { path: (string | number)[]; message: string }[] } | undefined;
  const fields: Record<string, string[]> = {};
  for (const issue of cause?.issues ?? []) (fields[issue.path.join(".")] ??= []).push(issue.message);
  return fields;
}

/** Everything a user owns that a contacts call could write, for "nothing written" checks. */
export async function snapshot(db: Db) {
  const [contacts, rows] = await Promise.all([
    db.contact.count(),
    db.$queryRaw<{ m: Date | null }[]>`SELECT max("updatedAt") AS m FROM "Contact"`,
  ]);
  return { contacts, lastUpdate: rows[0]?.m?.getTime() ?? null };
}
