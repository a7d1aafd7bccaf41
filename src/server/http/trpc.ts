import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Session } from "next-auth";
import { TRPC_MAX_BATCH_SIZE } from "~/lib/trpc-limits";
import { appRouter } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { MAX_IMPORT_BYTES } from "~/server/contacts/schemas";
import type { Services } from "~/server/services";
import { BodyTooLargeError, bodyTooLargeResponse, withCappedBody } from "./body";

export const TRPC_ENDPOINT = "/api/trpc";

/** Every procedure's input but the imports' fits in far less: the longest text field is 10,000 characters. */
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The contact imports send a whole file (up to MAX_IMPORT_BYTES) as one JSON string, and JSON
 * escaping can double a text (every quote, backslash or line break becomes two bytes).
 */
export const IMPORT_MAX_BODY_BYTES = 2 * MAX_IMPORT_BYTES + TRPC_MAX_BODY_BYTES;
const IMPORT_PROCEDURES = new Set(["contacts.previewCsv", "contacts.importCsv", "contacts.importVcard"]);

/**
 * The body cap for a tRPC URL (`/api/trpc/a.b,c.d?batch=1`): the import cap only when every
 * procedure called is an import, and only for a signed-in caller, so a stranger never gets
 * more than the default whatever path they name.
 */
export function trpcBodyLimit(url: URL, signedIn: boolean): number {
  const paths = decodeURIComponent(url.pathname.slice(TRPC_ENDPOINT.length + 1)).split(",");
  return signedIn && paths.every((path) => IMPORT_PROCEDURES.has(path)) ? IMPORT_MAX_BODY_BYTES : TRPC_MAX_BODY_BYTES;
}

export interface TrpcHttpDeps {
  /** The caller's session. Resolved before the body is read: it decides how much may be read. */
  session: () => Promise<Session | null>;
  /** The container procedures run with (default: the process's; tests pass theirs). */
  services?: Services;
}

/** POST/GET /api/trpc/*: the body read under its cap, batches of at most TRPC_MAX_BATCH_SIZE calls. */
export async function handleTrpcRequest(request: Request, deps: TrpcHttpDeps): Promise<Response> {
  const session = await deps.session();
  let capped: Request;
  try {
    capped = await withCappedBody(request, trpcBodyLimit(new URL(request.url), session !== null));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return bodyTooLargeResponse(error);
    throw error;
  }
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: capped,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: () => createTRPCContext({ services: deps.services, headers: request.headers, session }),
  });
}
