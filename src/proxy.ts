import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, createNonce } from "~/lib/content-security-policy";

/** Pages a signed-out visitor may open; every other page sends them to sign-in. */
const PUBLIC_PAGES = ["/sign-in", "/sign-up"];

function isPublicPage(pathname: string): boolean {
  return PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
}

/**
 * Every page: a Content-Security-Policy with a fresh nonce (on the request too, where Next.js
 * reads it to put the nonce on its own scripts; the root layout reads `x-nonce`) and HSTS when the
 * public URL is https. The headers every response gets (pages, API routes, static files) are in
 * next.config.mjs.
 *
 * Signed-out visitors of app pages are sent to sign-in. That redirect is a convenience only:
 * every page and procedure checks the session itself.
 */
export async function proxy(request: NextRequest) {
  // Read at run time (the proxy runs in Node.js), so one build serves http and https deployments.
  const https = process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  const nonce = createNonce();
  const policy = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });

  let response: NextResponse;
  const { pathname, search } = request.nextUrl;
  // secureCookie as in authOptions.useSecureCookies: the session cookie is __Secure- prefixed on https.
  if (isPublicPage(pathname) || (await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET, secureCookie: https }))) {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    response = NextResponse.redirect(signIn);
  }
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    {
      // Pages, sign-in and sign-up included. Not API routes (they answer JSON or audio, and
      // running the proxy on them would make Next.js buffer request bodies for it), Next.js
      // assets or static files. Prefetches carry no document, so no CSP is needed on them.
      source: "/((?!api(?:/|$)|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|ico|webmanifest)$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
