"use client";

import { signIn, type SignInResponse } from "next-auth/react";

/**
 * next-auth's credentials sign-in, made robust against its CSRF-cookie race: on a first visit
 * SessionProvider's /api/auth/session and signIn's /api/auth/csrf can both mint a CSRF cookie,
 * and if the wrong one wins, next-auth answers `ok: true, error: null` with a `?csrf=true`
 * redirect URL and no session. By then the cookie is settled, so one retry succeeds.
 */
export async function credentialsSignIn(email: string, password: string): Promise<SignInResponse> {
  let last: SignInResponse | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    last = await signIn("credentials", { email, password, redirect: false });
    if (!last) break;
    if (last.error || !csrfRejected(last.url)) return last;
  }
  return { error: "SignInFailed", status: last?.status ?? 0, ok: false, url: null };
}

function csrfRejected(url: string | null) {
  if (!url) return false;
  try {
    return new URL(url, window.location.href).searchParams.has("csrf");
  } catch {
    return false;
  }
}

/**
 * Leaves the auth pages with a full page load: the session cookie is new, so nothing cached
 * client-side (router cache, query cache of a previous user) may carry over.
 */
export function navigateAfterSignIn(path: string) {
  window.location.assign(path);
}
