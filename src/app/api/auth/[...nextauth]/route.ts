import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "~/server/auth/config";
import { BodyTooLargeError, bodyTooLargeResponse, withCappedBody } from "~/server/http/body";

export const dynamic = "force-dynamic";

/** Sign-in, sign-out and CSRF posts are a few form fields; nothing here needs more. */
const AUTH_MAX_BODY_BYTES = 64 * 1024;

const nextAuth = NextAuth(authOptions) as (req: NextRequest, context: RouteContext) => Promise<Response>;
type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: RouteContext) {
  let capped: Request;
  try {
    capped = await withCappedBody(req, AUTH_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return bodyTooLargeResponse(error);
    throw error;
  }
  // next-auth reads the URL from NextRequest.nextUrl: hand it one around the capped body.
  return nextAuth(capped === req ? req : new NextRequest(capped), context);
}

export { handler as GET, handler as POST };
