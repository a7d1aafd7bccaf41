import { getServerSession } from "next-auth";
import { cache } from "react";
import { resolveSession } from "~/server/accounts/sessions";
import { getServices } from "~/server/services";
import { authOptions } from "./config";

/**
 * The signed-in session in Server Components and route handlers, or null — also null when the
 * account was disabled or deleted or the token's session version is outdated (signed out
 * everywhere, password changed), so pages and routes refuse a revoked token like tRPC does.
 * Cached per request: the layout, the page and the tRPC server caller share one lookup.
 */
export const getServerAuthSession = cache(async () => resolveSession(getServices().db, await getServerSession(authOptions)));
