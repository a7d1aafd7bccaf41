import { TRPCError } from "@trpc/server";
import { ProviderError } from "~/server/providers/errors";

/**
 * A provider failure as the typed tRPC error the caller sees (the row it concerns has already
 * been marked failed with the full detail).
 */
export function providerTrpcError(error: unknown, what: "call" | "message"): TRPCError {
  if (error instanceof ProviderError) {
    if (error.permanent) {
      return new TRPCError({ code: "BAD_REQUEST", message: `Telnyx refused the ${what}: ${error.message}`, cause: error });
    }
    if (error.kind === "timeout") {
      return new TRPCError({ code: "GATEWAY_TIMEOUT", message: `Telnyx did not answer in time; the ${what} is marked failed.`, cause: error });
    }
    return new TRPCError({ code: "BAD_GATEWAY", message: `Could not reach Telnyx; the ${what} is marked failed. ${error.message}`, cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error instanceof Error ? error : undefined });
}
