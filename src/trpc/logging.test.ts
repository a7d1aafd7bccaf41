import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { describe, expect, it, vi } from "vitest";
import type { AppRouter } from "~/server/api/root";
import { clientLogLink } from "./logging";

/**
 * The browser's tRPC log: in development Next.js forwards the browser's warnings and errors to
 * the dev terminal, so what this link prints as an error lands there.
 */

function answering(outcome: { code: string; httpStatus: number } | "ok"): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (outcome === "ok") {
          observer.next({ result: { type: "data", data: { ok: true } } });
          observer.complete();
          return;
        }
        observer.error(
          TRPCClientError.from({
            error: { code: -32600, message: `refused: ${outcome.code}`, data: { code: outcome.code, httpStatus: outcome.httpStatus, path: op.path } },
          }),
        );
      });
}

function clientWith(outcome: Parameters<typeof answering>[0], development: boolean) {
  const console = { log: vi.fn(), error: vi.fn(), debug: vi.fn(), info: vi.fn(), warn: vi.fn() };
  const client = createTRPCClient<AppRouter>({ links: [clientLogLink({ development, console }), answering(outcome)] });
  const printed = () => JSON.stringify([console.log.mock.calls, console.error.mock.calls, console.debug.mock.calls, console.info.mock.calls, console.warn.mock.calls]);
  return { client, console, printed };
}

const EXPECTED = [
  { code: "BAD_REQUEST", httpStatus: 400 },
  { code: "UNAUTHORIZED", httpStatus: 401 },
  { code: "FORBIDDEN", httpStatus: 403 },
  { code: "NOT_FOUND", httpStatus: 404 },
  { code: "CONFLICT", httpStatus: 409 },
  { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
  { code: "TOO_MANY_REQUESTS", httpStatus: 429 },
];

describe("clientLogLink", () => {
  it.each([true, false])("does not log expected refusals (bad input, signed out, not found, limits) as errors (development: %s)", async (development) => {
    for (const outcome of EXPECTED) {
      const { client, console } = clientWith(outcome, development);
      await expect(client.contacts.create.mutate({ firstName: "" } as never)).rejects.toBeInstanceOf(TRPCClientError);
      expect(console.error, outcome.code).not.toHaveBeenCalled();
      expect(console.warn, outcome.code).not.toHaveBeenCalled();
    }
  });

  it("logs a server fault as an error with the procedure and the error, not the input", async () => {
    const { client, console, printed } = clientWith({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500 }, false);
    await expect(client.contacts.create.mutate({ firstName: "Secret Input" } as never)).rejects.toBeInstanceOf(TRPCClientError);
    expect(console.error).toHaveBeenCalledTimes(1);
    expect(printed()).toContain("contacts.create");
    expect(printed()).toContain("INTERNAL_SERVER_ERROR");
    expect(printed()).not.toContain("Secret Input");
  });

  it("never echoes a request's input, however large (a whole CSV import), in development either", async () => {
    const csv = `first,last\n${"Ada,Lovelace\n".repeat(100_000)}`;
    for (const outcome of ["ok", { code: "BAD_REQUEST", httpStatus: 400 }, { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 }] as const) {
      const { client, printed } = clientWith(outcome, true);
      await client.contacts.previewCsv.mutate({ csv } as never).catch(() => undefined);
      expect(printed().length, JSON.stringify(outcome)).toBeLessThan(2_000);
      expect(printed()).not.toContain("Lovelace");
    }
  });
});
