import { expect, test, type Page } from "@playwright/test";

const demo = { email: "demo@switchboard.test", password: "demo-password-e2e" };

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("dashboard: top contacts, people to reconnect with, call volume, sentiment and the hour heatmap from the demo data", async ({
  page,
}) => {
  await signIn(page);

  // Top contacts: the demo seed's scored people, strongest first, each linked with a score badge.
  const top = page.getByRole("list", { name: "Top contacts" });
  const topItems = top.getByRole("listitem");
  await expect(topItems.first()).toBeVisible();
  expect(await topItems.count()).toBeLessThanOrEqual(5);
  await expect(topItems.first().getByRole("link")).toHaveAttribute("href", /^\/contacts\/\w+$/);
  const scores = await top.getByTitle(/^Relationship score \d+ of 100/).evaluateAll((badges) =>
    badges.map((badge) => Number(/score (\d+)/.exec(badge.getAttribute("title") ?? "")?.[1])),
  );
  expect(scores.length).toBe(await topItems.count());
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  // Reconnect: demo people last contacted more than 30 days ago, with Call and Text at hand.
  // (The card also lists keep-in-touch reminders due and important dates; the demo has none.)
  const reconnect = page.getByRole("list", { name: "Drifting away" });
  const drifting = reconnect.getByRole("listitem").first();
  await expect(drifting).toBeVisible();
  await expect(drifting).toContainText(/Last contact \d+ days ago/);
  const days = Number(/Last contact (\d+) days ago/.exec((await drifting.textContent()) ?? "")?.[1]);
  expect(days).toBeGreaterThanOrEqual(30);
  const reach = drifting.getByRole("group", { name: /^Reach / });
  await expect(reach.getByRole("button", { name: "Call" })).toBeEnabled();
  await expect(reach.getByRole("link", { name: "Text" })).toHaveAttribute("href", /^\/messages\?contact=/);

  // Call volume: the seeded calls drawn as bars, with the numbers in words for screen readers.
  const volume = page.getByRole("figure", { name: "Call volume" });
  await expect(volume).toBeVisible();
  await expect(volume.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(volume.getByText(/calls? in the last 30 days: \d+ inbound, \d+ outbound/)).toBeAttached();

  // Heatmap: a 7 × 24 table whose every cell names its weekday, hour and count.
  const heatmap = page.getByRole("table", { name: "Calls by hour" });
  await expect(heatmap).toBeVisible();
  await expect(heatmap.getByRole("rowheader")).toHaveCount(7);
  await expect(heatmap.getByRole("cell", { name: /^\w+day \d{2}:00–\d{2}:00: \d+ calls?$/ })).toHaveCount(7 * 24);
  await expect(heatmap.getByRole("cell", { name: /^\w+day \d{2}:00–\d{2}:00: [1-9]\d* calls?$/ }).first()).toHaveAttribute(
    "title",
    /calls?$/,
  );
  // The demo's weekly check-in calls make one hour stand out.
  await expect(page.getByText(/^Busiest hour: \w+days \d{2}:00–\d{2}:00 \(\d+ calls of \d+\)$/)).toBeVisible();

  // Sentiment: the worker analyses the demo calls shortly after startup; the page is rendered
  // on the server, so reload until the card counts them.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/^\d+ analysed calls? in the last 30 days\.$/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [1_000, 2_000, 3_000] });
  const sentiment = page.getByRole("list", { name: "Sentiment" });
  await expect(sentiment.getByRole("listitem")).toHaveCount(4);
  await expect(page.getByRole("link", { name: "View calls" })).toHaveAttribute("href", "/calls");
});

test("the dashboard greets by the account's current name and has an empty state per card", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Dana Board");
  await page.getByLabel("Email").fill(`e2e-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`);
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  // A new account is welcomed, not welcomed back.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Dana");

  await expect(page.getByText("No relationship scores yet")).toBeVisible();
  await expect(page.getByText("Nobody is drifting away")).toBeVisible();
  await expect(page.getByText("No calls in the last 30 days")).toBeVisible();
  await expect(page.getByText("No analysed calls in the last 30 days")).toBeVisible();
  await expect(page.getByText("No calls in the last 90 days")).toBeVisible();

  // A rename shows on the dashboard at once, though the session still holds the old name.
  await page.goto("/settings");
  await page.getByLabel("Name", { exact: true }).fill("Robin Board");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Robin");
});
