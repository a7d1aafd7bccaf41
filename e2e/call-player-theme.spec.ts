import { expect, test, type Locator } from "@playwright/test";
import { demoOwner, signInAs } from "./fixtures/owner";

/**
 * The call page's native audio player follows the app's theme. The browser draws its controls,
 * dark only when the element's `color-scheme` is dark, so the player says so itself under the
 * `dark` class the rest of the styles follow, rather than relying on the `color-scheme` that
 * next-themes also writes on <html>.
 */

const colorScheme = (player: Locator) => player.evaluate((audio: HTMLAudioElement) => getComputedStyle(audio).colorScheme);
/** The player's own rule, without next-themes' inline `color-scheme` on <html>. */
const withoutRootScheme = (player: Locator) => player.evaluate(() => document.documentElement.style.removeProperty("color-scheme"));

test("the recording player is drawn dark in the dark theme and light in the light one", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await signInAs(page, demoOwner);
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  // The demo's recorded call (Maya Patel's renewal call).
  await page.goto("/calls");
  await page.getByRole("link", { name: /Maya Patel/ }).first().click();
  await expect(page).toHaveURL(/\/calls\/[^/]+$/);
  const player = page.getByTestId("recording-player");
  await expect(player).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => colorScheme(player)).toBe("dark");
  await withoutRootScheme(player);
  expect(await colorScheme(player)).toBe("dark");
  await player.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("call-player-dark.png") });

  // The user picks the light theme although the system is dark: the player turns light with it.
  await page.evaluate(() => localStorage.setItem("theme", "light"));
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await expect(player).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => colorScheme(player)).toBe("light");
  await withoutRootScheme(player);
  expect(await colorScheme(player)).toBe("light");
  await context.close();
});
