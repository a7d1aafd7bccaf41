import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layering rules in eslint.config.mjs fire: each wrong-way import is linted as if it were in
 * a file of the layer it would break (the files need not exist), and the right-way ones pass.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));
const RULE = "@typescript-eslint/no-restricted-imports";
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, "eslint.config.mjs") });
});

/** The layering errors ESLint reports for `code` as the file at `path` (relative to the root). */
async function layeringErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  const messages = result?.messages ?? [];
  // A parse error would hide every rule: fail loudly instead of passing for the wrong reason.
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe("ESLint layering rules", () => {
  it("refuses a domain importing the webhook dispatcher, by alias or relative path", async () => {
    const byAlias = 'import { processWebhookEvent } from "~/server/webhooks/process";\nexport const run = processWebhookEvent;\n';
    expect(await layeringErrors("src/server/calls/layering-fixture.ts", byAlias)).toEqual([
      expect.stringContaining("Domains must not import the webhook dispatcher"),
    ]);
    const relative = 'import { processWebhookEvent } from "../webhooks/process";\nexport const run = processWebhookEvent;\n';
    expect(await layeringErrors("src/server/messages/layering-fixture.ts", relative)).toEqual([
      expect.stringContaining("Domains must not import the webhook dispatcher"),
    ]);
  });

  it("lets the dispatcher, the routers and tests import the dispatcher and the domains", async () => {
    const domain = 'import { processCallWebhook } from "~/server/calls/events";\nexport const run = processCallWebhook;\n';
    expect(await layeringErrors("src/server/webhooks/layering-fixture.ts", domain)).toEqual([]);
    const dispatcher = 'import { processWebhookEvent } from "~/server/webhooks/process";\nexport const run = processWebhookEvent;\n';
    expect(await layeringErrors("src/server/api/routers/layering-fixture.ts", dispatcher)).toEqual([]);
    expect(await layeringErrors("src/server/calls/layering-fixture.test.ts", dispatcher)).toEqual([]);
  });

  it("refuses server code reading ~/env outside the composition roots, but not a type import", async () => {
    const reads = 'import { env } from "~/env";\nexport const mode = env.SIGNUP_MODE;\n';
    for (const path of ["src/server/accounts/layering-fixture.ts", "src/server/api/routers/layering-fixture.ts", "src/server/webhooks/layering-fixture.ts"]) {
      expect(await layeringErrors(path, reads), path).toEqual([expect.stringContaining("reads its settings from deps.config")]);
    }
    const relative = 'import { env } from "../../env";\nexport const mode = env.SIGNUP_MODE;\n';
    expect(await layeringErrors("src/server/auth/layering-fixture.ts", relative)).toEqual([expect.stringContaining("reads its settings from deps.config")]);
    const typeOnly = 'import type { Env } from "~/env";\nexport type Mode = Env["SIGNUP_MODE"];\n';
    expect(await layeringErrors("src/server/storage/layering-fixture.ts", typeOnly)).toEqual([]);
    expect(await layeringErrors("src/server/services.ts", reads)).toEqual([]);
    expect(await layeringErrors("src/server/auth/config.ts", reads)).toEqual([]);
  });

  it("refuses server code importing the UI", async () => {
    for (const [path, from] of [
      ["src/server/calls/layering-fixture.ts", "~/components/shared/empty-state"],
      ["src/server/webhooks/layering-fixture.ts", "~/hooks/use-debounced-value"],
      ["src/server/api/layering-fixture.ts", "~/trpc/react"],
      ["src/server/contacts/layering-fixture.ts", "~/app/layout"],
    ] as const) {
      const errors = await layeringErrors(path, `import * as ui from "${from}";\nexport const x = ui;\n`);
      expect(errors, `${path} importing ${from}`).toEqual([expect.stringContaining("Server code must not import the UI")]);
    }
  });

  it("refuses UI code importing server values, but not server types or the zod schemas forms reuse", async () => {
    const value = 'import { dialCall } from "~/server/calls/dial";\nexport const dial = dialCall;\n';
    for (const path of ["src/components/calls/layering-fixture.tsx", "src/hooks/layering-fixture.ts", "src/trpc/react.tsx", "src/app/(app)/error.tsx"]) {
      expect(await layeringErrors(path, value), path).toEqual([expect.stringContaining("UI code may import server types")]);
    }
    const right = [
      'import type { AppRouter } from "~/server/api/root";',
      'import { type ContactData } from "~/server/contacts/normalize";',
      'import { createTaskInput } from "~/server/tasks/schemas";',
      "export type Both = [AppRouter, ContactData];",
      "export const schema = createTaskInput;",
      "",
    ].join("\n");
    expect(await layeringErrors("src/components/tasks/layering-fixture.tsx", right)).toEqual([]);
  });

  it("refuses src/lib importing anything of the app, even a type", async () => {
    for (const from of ["~/server/db", "~/components/ui/button", "~/trpc/react", "~/app/layout", "~/hooks/use-debounced-value"]) {
      const errors = await layeringErrors("src/lib/layering-fixture.ts", `import type * as app from "${from}";\nexport type X = typeof app;\n`);
      expect(errors, from).toEqual([expect.stringContaining("src/lib is the bottom layer")]);
    }
    expect(await layeringErrors("src/lib/layering-fixture.ts", 'import { truncate } from "./format";\nexport const t = truncate;\n')).toEqual([]);
  });

  it("passes a domain importing what sits below it", async () => {
    const code = [
      'import { truncate } from "~/lib/format";',
      'import { ProviderError } from "~/server/providers/errors";',
      'import { parseDate } from "~/server/telephony/envelope";',
      "export const below = [truncate, ProviderError, parseDate];",
      "",
    ].join("\n");
    expect(await layeringErrors("src/server/calls/layering-fixture.ts", code)).toEqual([]);
  });
});
