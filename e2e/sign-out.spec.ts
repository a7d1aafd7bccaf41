import { expect, test } from "@playwright/test";
import { demoOwner, signInAs } from "./fixtures/owner";

/** The notification bell polls every 10 seconds (UNREAD_POLL_MS) while its user is signed in, and only then. */
const POLL_MS = 10_000;

test("after signing out in one tab, no tab asks for notifications any more", async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signInAs(first, demoOwner);
  const second = await context.newPage();
  await second.goto("/dashboard");
  await expect(second.getByRole("button", { name: /^Notifications/ })).toBeVisible();

  const asked: string[] = [];
  context.on("request", (request) => {
    if (request.url().includes("/api/trpc/") && request.url().includes("notifications.")) asked.push(new URL(request.url()).pathname);
  });

  await first.getByRole("button", { name: "Account menu" }).click();
  await first.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(first).toHaveURL(/\/sign-in/);
  // The other tab hears of the sign-out from next-auth (a storage event) within a moment.
  await second.waitForTimeout(1_000);
  asked.length = 0;

  await second.waitForTimeout(POLL_MS * 2 + 2_000);
  expect(asked).toEqual([]);
  await context.close();
});
