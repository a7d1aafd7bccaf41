import { loggerLink, type TRPCClientError } from "@trpc/client";
import { trpcLogLevel } from "~/lib/trpc-log-level";
import type { AppRouter } from "~/server/api/root";

type LogConsole = Pick<Console, "debug" | "warn" | "error">;

/**
 * The browser's log of tRPC calls: the procedure, how long it took and how it failed, never its
 * input or output (a contact import sends a whole file; in development Next.js forwards the
 * browser's warnings and errors to the terminal, so they would land there). Expected refusals
 * (4xx) are debug lines, which stay in the browser; only faults are warnings or errors.
 */
export function clientLogLink(options: { development: boolean; console?: LogConsole }) {
  const out = options.console ?? console;
  return loggerLink<AppRouter>({
    logger(op) {
      if (op.direction === "up") return;
      const what = `${op.type} ${op.path} (${Math.round(op.elapsedMs)} ms)`;
      if (!(op.result instanceof Error)) {
        if (options.development) out.debug(`tRPC ${what}`);
        return;
      }
      const error = op.result as TRPCClientError<AppRouter>;
      // A call cut short by navigating away is no failure of the call.
      const aborted = error.cause?.name === "AbortError";
      const level = aborted ? "debug" : trpcLogLevel(error.data ?? undefined);
      if (level === "debug" && !options.development) return;
      out[level](`tRPC ${what} failed: ${error.data?.code ?? error.cause?.name ?? "no answer"}: ${error.message}`);
    },
  });
}
