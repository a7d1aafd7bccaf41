/**
 * The Content-Security-Policy of every page, built per request around a fresh nonce (src/proxy.ts
 * sets it; Next.js reads the nonce back from the request's CSP header and puts it on its own
 * scripts; the root layout passes it to next-themes' inline script).
 */
export interface PolicyOptions {
  nonce: string;
  /** `next dev`: React rebuilds server error stacks with eval, and HMR talks over a websocket. */
  dev: boolean;
  /** The public URL is https: ask browsers to upgrade any stray http subresource. */
  https: boolean;
}

export function contentSecurityPolicy({ nonce, dev, https }: PolicyOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Only scripts carrying this request's nonce, and what they load ('strict-dynamic': Next.js
    // loads its route chunks from its nonced runtime). No 'unsafe-inline': an injected <script>
    // or on* attribute never runs.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Inline styles are allowed: Radix positions popovers and recharts sizes charts through style
    // attributes set at runtime, which nonces cannot cover. Styles cannot run code, so this is the
    // usual trade-off. (No nonce here: with one, browsers would ignore 'unsafe-inline'.)
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    // Recording playback: /api/recordings/<id> on this origin (blob: for buffered playback).
    "media-src": ["'self'", "blob:"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(" ")}`);
  if (https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** 128 random bits, base64: what a nonce should be (unguessable, fresh per response). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
