/**
 * Calls per tRPC batch request. The server refuses larger batches (one request must not fan out
 * into unbounded work); the browser's batch link splits at the same size, so it never sends one.
 */
export const TRPC_MAX_BATCH_SIZE = 20;
