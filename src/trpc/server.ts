import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { getServerAuthSession } from "~/server/auth";

const createContext = cache(async () =>
  createTRPCContext({ headers: new Headers(await headers()), session: await getServerAuthSession() }),
);

/** Calls procedures directly from React Server Components (no HTTP round trip). */
export const api = createCaller(createContext);
