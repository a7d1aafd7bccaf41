import type { Session } from "next-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/server/db";
import { spyOnLogger } from "~/test/log-spy";
import { handleTrpcRequest } from "./trpc";
import { createTestServices } from "~/test/services";

/**
 * What the server logs for failed tRPC calls: refusals the caller brought about are debug lines,
 * not errors; a bug is an error with its cause.
 */

/** A database that fails on first use: the one way to make a procedure crash from outside. */
const brokenDb = new Proxy({} as Db, {
  get() {
    throw new Error("the database is on fire");
  },
});

const signedIn: Session = { user: { id: "user-1", email: "a@example.test", name: "A" }, expires: new Date(Date.now() + 3_600_000).toISOString() };

async function call(path: string, options: { body?: unknown; session?: Session | null } = {}) {
  const init: RequestInit =
    options.body === undefined ? { method: "GET" } : { method: "POST", body: JSON.stringify(options.body), headers: { "content-type": "application/json" } };
  const response = await handleTrpcRequest(new Request(`http://localhost/api/trpc/${path}`, init), {
    session: async () => options.session ?? null,
    services: createTestServices({ db: brokenDb, jobs: () => Promise.reject(new Error("no queue in this test")) }),
  });
  await response.text();
  return response.status;
}

afterEach(() => vi.restoreAllMocks());

describe("tRPC error logging", () => {
  it("logs expected refusals (signed out, bad input, no such procedure) as debug lines with code and path, never as errors", async () => {
    const log = spyOnLogger();
    expect(await call("settings.get")).toBe(401);
    expect(await call("auth.signUp", { body: { email: "not an email" } })).toBe(400);
    expect(await call("nothing.here")).toBe(404);

    expect(log.error).not.toHaveBeenCalled();
    expect(log.warn).not.toHaveBeenCalled();
    expect(log.info).not.toHaveBeenCalled();
    expect(log.debug.mock.calls.map(([fields]) => fields)).toEqual([
      expect.objectContaining({ code: "UNAUTHORIZED", path: "settings.get" }),
      expect.objectContaining({ code: "BAD_REQUEST", path: "auth.signUp" }),
      expect.objectContaining({ code: "NOT_FOUND", path: "nothing.here" }),
    ]);
  });

  it("still logs an internal error as an error, with its cause", async () => {
    const log = spyOnLogger();
    expect(await call("settings.get", { session: signedIn })).toBe(500);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![0]).toMatchObject({ path: "settings.get", err: expect.objectContaining({ message: "the database is on fire" }) });
  });
});
