import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * Imports go one way: app → components → hooks/trpc → server → lib.
 * Within src/server the webhook dispatcher (src/server/webhooks) and the tRPC routers
 * (src/server/api) sit above the domains, and only the composition roots read ~/env. A rule's later block replaces an earlier one for the
 * files both match, so each block lists every pattern its files must respect.
 * src/test/eslint-layering.test.ts proves each rule fires.
 */
const serverImportsUi = [
  {
    group: ["~/components", "~/components/**", "~/app", "~/app/**", "~/hooks", "~/hooks/**", "~/trpc/react"],
    message: "Server code must not import the UI (components, app, hooks, the React tRPC client): imports go down only.",
  },
];
const domainImportsWebhooks = [
  {
    regex: "^(~/server/webhooks|(\\.\\./)+webhooks)(/.*)?$",
    message:
      "Domains must not import the webhook dispatcher (src/server/webhooks): it sits above them and calls them.",
  },
];

const serverReadsEnv = [
  {
    regex: "^(~/env|(\\.\\./)+env)$",
    allowTypeImports: true,
    message:
      "Server code reads its settings from deps.config (or ctx.config): src/server/services.ts builds them from ~/env once. Type imports are fine.",
  },
];
/** Where the environment is read: the container, the root logger, next-auth's options (built at import). */
const compositionRoots = ["src/server/services.ts", "src/server/logger.ts", "src/server/auth/config.ts"];

const layering = [
  {
    files: ["src/server/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: serverImportsUi }] },
  },
  {
    files: ["src/server/webhooks/**/*.{ts,tsx}", "src/server/api/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...serverImportsUi, ...serverReadsEnv] }] },
  },
  {
    // The domains: everything under src/server but the dispatcher and the routers. Tests sit above
    // every layer (they drive whole flows through the dispatcher), so they may import it.
    files: ["src/server/**/*.{ts,tsx}"],
    ignores: ["src/server/webhooks/**", "src/server/api/**", "**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [...serverImportsUi, ...domainImportsWebhooks, ...serverReadsEnv] },
      ],
    },
  },
  {
    files: compositionRoots,
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...serverImportsUi, ...domainImportsWebhooks] }],
    },
  },
  {
    // Browser code: types from the server are fine (AppRouter, row shapes), values are not, but
    // for the pure zod schemas that forms reuse for client-side validation.
    files: [
      "src/components/**/*.{ts,tsx}",
      "src/hooks/**/*.{ts,tsx}",
      "src/trpc/react.tsx",
      "src/trpc/query-client.ts",
      "src/instrumentation-client.ts",
      // Next.js error boundaries are client components.
      "src/app/**/error.tsx",
      "src/app/global-error.tsx",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // Every ~/server module but ~/server/<domain>/schemas (a gitignore-style "!" cannot
              // re-include a file below an excluded folder, hence a regex).
              regex: "^~/server(?!/[^/]+/schemas$)(/.*)?$",
              allowTypeImports: true,
              message: "UI code may import server types (import type) and ~/server/<domain>/schemas only: server values stay on the server.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/lib/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/server", "~/server/**", "~/components", "~/components/**", "~/trpc", "~/trpc/**", "~/app", "~/app/**", "~/hooks", "~/hooks/**"],
              message: "src/lib is the bottom layer: plain helpers that import nothing of the app.",
            },
          ],
        },
      ],
    },
  },
];

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      "src/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  ...layering,
];

export default config;
