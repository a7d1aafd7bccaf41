/**
 * How loudly a failed tRPC call is logged, on the server and in the browser alike. A refusal the
 * caller brought about (bad input, signed out, forbidden, not found, too many requests: any 4xx)
 * is the app working as designed, so debug at most; a bug (INTERNAL_SERVER_ERROR) is an error;
 * an upstream provider that failed or timed out (other 5xx) or no answer at all is a warning.
 */
export type TrpcLogLevel = "error" | "warn" | "debug";

export function trpcLogLevel(error: { code?: string; httpStatus?: number } | undefined): TrpcLogLevel {
  if (error?.code === "INTERNAL_SERVER_ERROR") return "error";
  if (error?.httpStatus !== undefined && error.httpStatus < 500) return "debug";
  return "warn";
}
