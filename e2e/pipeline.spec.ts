import { expect, test } from "@playwright/test";

/**
 * The recording pipeline in the running app: the demo seed's recorded call is analysed by the
 * worker (locally: the e2e server has no provider keys); its transcript seeks the player and its
 * action item is a task.
 */

const demo = { email: "demo@switchboard.test", password: "demo-password-e2e" };

test("a processed call: transcript segments seek the player, a speaker is named, action items are tasks", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/calls");
  // Search by what was said: the call is found, the matching words highlighted.
  await page.getByLabel("Search calls").fill("revised proposal");
  const snippet = page.getByTestId("call-snippet").first();
  await expect(snippet.locator("mark").first()).toBeVisible({ timeout: 45_000 });
  await expect(snippet).toContainText(/revised proposal/i);
  await page.getByRole("link", { name: /Maya Patel/ }).first().click();
  await expect(page).toHaveURL(/\/calls\/[^/]+$/);

  // The worker analyses the seeded transcript; the page refetches until the summary is there.
  await expect(page.getByTestId("call-summary")).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId("stage-analyze")).toContainText("Done · local");

  const segments = page.getByTestId("transcript-segment");
  await expect(segments).toHaveCount(7);
  const player = page.getByTestId("recording-player");
  await expect.poll(() => player.evaluate((audio: HTMLAudioElement) => audio.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  expect(await player.evaluate((audio: HTMLAudioElement) => audio.currentTime)).toBe(0);

  const target = segments.nth(3);
  const start = Number(await target.getAttribute("data-start"));
  expect(start).toBeGreaterThan(10);
  await target.click();
  await expect.poll(() => player.evaluate((audio: HTMLAudioElement) => audio.currentTime)).toBeGreaterThanOrEqual(start - 0.05);
  await expect(target).toHaveAttribute("aria-current", "true");

  // The recording is mono, so its voices are numbered: the user names the first one, and its
  // segments say so (after a reload too). The first button, so that a retry finds it renamed.
  const speakers = page.getByRole("list", { name: "Speakers" });
  await speakers.getByRole("button").first().click();
  const speakerName = page.getByLabel("Name for Speaker 1");
  await expect(speakerName).toBeFocused();
  await speakerName.fill("Maya (Northwind)");
  await speakerName.press("Enter");
  await expect(speakers.getByRole("button", { name: "Rename Maya (Northwind) (Speaker 1)" })).toBeFocused();
  await expect(segments.first()).toContainText("Maya (Northwind)");
  await expect(segments.nth(1)).toContainText("Speaker 2");
  await page.reload();
  await expect(segments.first()).toContainText("Maya (Northwind)");

  const actionItem = page.getByRole("list", { name: "Action items" }).getByRole("link", { name: /revised proposal/i });
  await expect(actionItem).toBeVisible();
  await actionItem.click();
  await expect(page).toHaveURL(/\/tasks/);
  await expect(page.getByRole("dialog")).toBeVisible();
  await expect(page.getByRole("dialog").getByLabel("Title")).toHaveValue(/revised proposal/i);
  await page.keyboard.press("Escape");
  await expect(page.getByText(/revised proposal/i).first()).toBeVisible();

  // The Jobs page counts the analysis among the user's finished jobs, with nothing failed.
  await page.getByRole("link", { name: "Jobs" }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  const analyze = page.getByRole("row", { name: /call\.analyze/ });
  await expect(analyze).toBeVisible();
  await expect(analyze.getByLabel(/done/i)).not.toHaveText("0");
  await expect(page.getByText("No failed jobs.")).toBeVisible();
});
