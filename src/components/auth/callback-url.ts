const DEFAULT_AFTER_SIGN_IN = "/dashboard";
const AUTH_PAGES = ["/sign-in", "/sign-up"];

/**
 * Returns a same-origin relative path to go to after signing in, or the default.
 * Accepts relative paths ("/contacts?x=1") and, when `origin` is given, absolute URLs on that
 * origin. Rejects protocol-relative ("//evil.com"), backslash tricks ("/\evil.com"), other
 * origins, and the auth pages themselves (no loops).
 */
export function safeCallbackUrl(
  raw: string | string[] | null | undefined,
  origin?: string,
  fallback = DEFAULT_AFTER_SIGN_IN,
): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return fallback;

  let path: string | null = null;
  if (value.startsWith("/")) {
    if (value.startsWith("//") || value.startsWith("/\\")) return fallback;
    path = value;
  } else if (origin) {
    try {
      const url = new URL(value);
      if (url.origin === origin) path = `${url.pathname}${url.search}${url.hash}`;
    } catch {
      path = null;
    }
  }
  if (!path) return fallback;
  // Control characters could smuggle a different target past the checks above.
  if (/[\u0000-\u001f\u007f]/.test(path)) return fallback;

  const pathname = path.split(/[?#]/, 1)[0] ?? "";
  if (AUTH_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return fallback;
  return path;
}
