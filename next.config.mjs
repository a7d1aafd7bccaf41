/**
 * Headers for every response: pages, API routes (webhooks, tRPC, recordings) and static files.
 * The per-request ones (Content-Security-Policy with its nonce, HSTS when the public URL is https)
 * are set by src/proxy.ts at run time.
 */
const securityHeaders = [
  // Browsers must not guess a type: an uploaded or proxied body is never run as script or HTML.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Other sites see our origin, never paths such as /calls/<id> or a sign-up invite link.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // No framing (clickjacking); CSP's frame-ancestors 'none' says the same to newer browsers.
  { key: "X-Frame-Options", value: "DENY" },
  // Nothing here uses these; a page (or something injected into one) cannot ask for them.
  // The microphone goes in here, as microphone=(self), once the browser places calls itself.
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), accelerometer=(), gyroscope=(), magnetometer=()",
  },
  // Windows this app opens (or that open it) get no handle on each other.
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import("next").NextConfig} */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native, WASM or worker-thread packages that must be loaded by Node, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "pg",
    "pg-boss",
    "pino",
    "pino-pretty",
    "@prisma/client",
    "@prisma/adapter-pg",
  ],
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default config;
