import { expect, test, type BrowserContext, type Page, type Response } from "@playwright/test";
import { demoOwner, signInAs } from "./fixtures/owner";

/**
 * Every page under the Content-Security-Policy: a nonce in the header that Next.js and next-themes
 * put on every script, framing refused, and not one CSP violation (reported to the page as a
 * `securitypolicyviolation` event, or by Chromium on the console) while the page loads and runs.
 */

interface Watch {
  problems: string[];
}

/** Records CSP violations (event and console) and uncaught page errors for `page`. */
async function watch(context: BrowserContext, page: Page): Promise<Watch> {
  const problems: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (/content.security.policy|CSP violation|Refused to (execute|load|apply|connect|frame|evaluate)/i.test(message.text())) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: uncaught ${error.message}`));
  return { problems };
}

function nonceOf(response: Response | null): string {
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy, `CSP of ${response?.url()}`).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, `script nonce in ${policy}`).toBeTruthy();
  return nonce!;
}

/**
 * Opens `path`, checks its CSP and that every script tag the server sent carries this response's
 * nonce (scripts that Next.js's runtime adds later need none: 'strict-dynamic' trusts them).
 */
async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  const nonce = nonceOf(response);
  const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length, `scripts on ${path}`).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag, `a script tag on ${path}`).toContain(`nonce="${nonce}"`);
  // Let the page hydrate and run its queries: late violations count too.
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
  return response!;
}

test("every page loads under the CSP with its nonce and no violation, in both themes", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  const watcher = await watch(context, page);

  // Signed out: the public pages, and an app page (redirected to sign-in, with the CSP too).
  for (const path of ["/sign-in", "/sign-up", "/dashboard"]) await visit(page, path);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard$/);
  // next-themes' inline script ran (with the nonce) and applied the system's dark theme.
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: test.info().outputPath("sign-in-dark.png") });

  await signInAs(page, demoOwner);
  await visit(page, "/contacts");
  const contactHref = await page.locator('main a[href^="/contacts/"]').first().getAttribute("href");
  await visit(page, "/calls");
  const callHref = await page.locator('main a[href^="/calls/"]').first().getAttribute("href");
  expect(contactHref).toMatch(/^\/contacts\/\w+$/);
  expect(callHref).toMatch(/^\/calls\/\w+$/);

  for (const path of ["/", "/dashboard", contactHref!, callHref!, "/messages", "/calendar", "/tasks", "/jobs", "/settings", "/admin"]) {
    await visit(page, path);
    await expect(page.getByRole("heading", { level: 1 }).first(), path).toBeVisible();
  }
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: test.info().outputPath("admin-dark.png"), fullPage: true });

  // Not found: inside the app shell for an app route (contacts have their own page), the plain
  // page for an unknown URL.
  await visit(page, "/calls/no-such-call");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await visit(page, "/contacts/no-such-contact");
  await expect(page.getByRole("heading", { name: "Contact not found" })).toBeVisible();
  const unknown = await visit(page, "/no-such-page");
  expect(unknown.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  // The light theme too, once the user picks it (same nonce rules).
  await page.emulateMedia({ colorScheme: "light" });
  await visit(page, "/dashboard");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.screenshot({ path: test.info().outputPath("dashboard-light.png"), fullPage: true });

  expect(watcher.problems).toEqual([]);
  await context.close();
});

test("every response has nosniff, Referrer-Policy, X-Frame-Options and Permissions-Policy", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health", "/favicon.svg"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["permissions-policy"], path).toContain("microphone=()");
    // http://localhost here: HSTS only when the public URL is https.
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
});
