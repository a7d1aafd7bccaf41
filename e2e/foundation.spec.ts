import { expect, test } from "@playwright/test";

const demo = { email: "demo@switchboard.test", password: "demo-password-e2e" };

test("the running app is healthy: database, migrations, worker and queue", async ({ request }) => {
  await expect
    .poll(async () => (await request.get("/api/health")).status(), { timeout: 30_000 })
    .toBe(200);
  // A stranger learns that it is healthy and nothing else.
  const body = await (await request.get("/api/health")).json();
  expect(body).toEqual({ status: "ok", failing: [] });
  // Monitoring with HEALTH_TOKEN (playwright.config.ts) gets the details.
  const detailed = await (
    await request.get("/api/health", { headers: { authorization: "Bearer e2e-health-token-e2e-health-token" } })
  ).json();
  expect(detailed).toMatchObject({ status: "ok", failing: [] });
  expect(detailed.checks.worker.ageSeconds).toBeLessThan(60);
});

test("signed-out visitors of app pages are sent to sign-in and come back after it", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard/);
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Demo");
});

test("a wrong password gets one message that does not say which part was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Invalid email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign up, land on an empty dashboard, sign out, sign back in", async ({ page }) => {
  const email = `e2e-${Date.now()}@example.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Erin Example");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Erin");
  await expect(page.getByText("No calls yet")).toBeVisible();

  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("the same email cannot sign up twice", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists.")).toBeVisible();
});
