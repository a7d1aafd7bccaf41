import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUp } from "./fixtures/accounts";
import { demoOwner, signInAs } from "./fixtures/owner";
import { trpcMutation } from "./fixtures/trpc";

/**
 * Search everything (issue 14) in the browser: the ⌘K palette (shortcuts, grouped results as you
 * type, keyboard navigation, recent items, quick actions), the /search page, and a transcript hit
 * that opens its call playing from the second the words were said.
 */

const palette = (page: Page) => page.getByRole("dialog", { name: "Search" });
const paletteInput = (page: Page) => palette(page).getByRole("combobox");

/** ⌘K (Ctrl+K here) once the page is hydrated: the header's search button shows the shortcut then. */
async function openPalette(page: Page, key = "ControlOrMeta+k") {
  await expect(page.getByRole("banner").getByRole("button", { name: "Search" }).locator("kbd")).toHaveText(/K$/);
  await page.keyboard.press(key);
  await expect(palette(page)).toBeVisible();
  await expect(paletteInput(page)).toBeFocused();
}

/** Presses ArrowDown until `option` is the selected one (cmdk marks it aria-selected). */
async function arrowTo(page: Page, option: Locator) {
  for (let i = 0; i < 12 && (await option.getAttribute("aria-selected")) !== "true"; i++) await page.keyboard.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
}

function uniqueNumber(offset: number) {
  return `+1415555${String((Date.now() + offset) % 10_000).padStart(4, "0")}`;
}

test("⌘K: opens by shortcut and from the header, grouped results as you type, arrow keys and Enter open a contact, recent items, quick actions", async ({
  page,
}) => {
  await signUp(page, "Sasha Search");
  const quentin = await trpcMutation<{ id: string }>(page.request, "contacts.create", {
    firstName: "Quentin",
    lastName: "Zephyrine",
    company: "Harbor Lights",
    phones: [uniqueNumber(1)],
  });
  await trpcMutation(page.request, "contacts.create", { firstName: "Zelda", lastName: "Zephyrine", phones: [uniqueNumber(2)] });
  await trpcMutation(page.request, "tasks.create", { title: "Send the Zephyrine quote" });

  // Ctrl+K (⌘K on a Mac) opens it, Escape closes it; so does the header's button.
  await page.goto("/contacts");
  await openPalette(page);
  // Nothing typed: the quick actions and the pages.
  await expect(palette(page).getByRole("option", { name: "New task" })).toBeVisible();
  await expect(palette(page).getByRole("option", { name: "Voice agent" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette(page)).toBeHidden();
  await page.getByRole("banner").getByRole("button", { name: "Search" }).click();
  await expect(palette(page)).toBeVisible();
  await page.keyboard.press("Escape");

  // `/` opens it, except while typing in a field, where it is just a character.
  const contactSearch = page.getByLabel("Search contacts");
  await contactSearch.click();
  await page.keyboard.type("a/b");
  await expect(contactSearch).toHaveValue("a/b");
  await expect(palette(page)).toBeHidden();
  await contactSearch.fill("");
  await contactSearch.blur();
  await openPalette(page, "/");

  // Results grouped by type as you type; the first one is selected.
  await paletteInput(page).pressSequentially("zephyrine");
  const contacts = palette(page).getByRole("group", { name: "Contacts" });
  const tasks = palette(page).getByRole("group", { name: "Tasks" });
  await expect(contacts.getByRole("option", { name: /Quentin Zephyrine/ })).toBeVisible();
  await expect(contacts.getByRole("option", { name: /Zelda Zephyrine/ })).toBeVisible();
  await expect(tasks.getByRole("option", { name: /Send the Zephyrine quote/ })).toBeVisible();
  await expect(palette(page).getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await expect(palette(page).getByRole("option", { name: /See all results for “zephyrine”/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("palette-results.png") });

  // Down and up move the selection; Enter opens the selected contact.
  const firstOption = palette(page).getByRole("option").first();
  await page.keyboard.press("ArrowDown");
  await expect(firstOption).toHaveAttribute("aria-selected", "false");
  await page.keyboard.press("ArrowUp");
  await expect(firstOption).toHaveAttribute("aria-selected", "true");
  await arrowTo(page, contacts.getByRole("option", { name: /Quentin Zephyrine/ }));
  await page.keyboard.press("Enter");
  await expect(palette(page)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/contacts/${quentin.id}$`));
  await expect(page.getByRole("heading", { name: "Quentin Zephyrine" })).toBeVisible();

  // Opened once, it is a recent item the next time.
  await openPalette(page);
  const recent = palette(page).getByRole("group", { name: "Recent" });
  await expect(recent.getByRole("option", { name: /Quentin Zephyrine/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("palette-empty.png") });

  // A quick action: "New task" opens the task dialog on the Tasks page...
  await paletteInput(page).pressSequentially("new task");
  await expect(palette(page).getByRole("option", { name: "New task" })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/tasks/);
  const taskDialog = page.getByRole("dialog", { name: "New task" });
  await expect(taskDialog).toBeVisible();
  await expect(page).toHaveURL(/\/tasks$/);
  await page.keyboard.press("Escape");
  await expect(taskDialog).toBeHidden();
  // ... and again from the Tasks page itself.
  await openPalette(page);
  await paletteInput(page).pressSequentially("new task");
  await page.keyboard.press("Enter");
  await expect(taskDialog).toBeVisible();
  await page.keyboard.press("Escape");

  // "Text someone…" asks who, then opens the thread.
  await openPalette(page);
  await arrowTo(page, palette(page).getByRole("option", { name: "Text someone…" }));
  await page.keyboard.press("Enter");
  await expect(paletteInput(page)).toHaveAttribute("placeholder", /Text who/);
  await paletteInput(page).pressSequentially("quentin");
  await expect(palette(page).getByRole("option", { name: /Quentin Zephyrine/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/messages\\?contact=${quentin.id}$`));

  // "See all results" is the /search page: one ranked list, filtered by type.
  await openPalette(page);
  await paletteInput(page).pressSequentially("zephyrine");
  const seeAll = palette(page).getByRole("option", { name: /See all results/ });
  await arrowTo(page, seeAll);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=zephyrine$/);
  const results = page.getByTestId("search-results");
  await expect(results.getByTestId("search-hit")).toHaveCount(3);
  await expect(page.getByLabel("Search everything")).toHaveValue("zephyrine");
  await page.screenshot({ path: test.info().outputPath("search-page.png"), fullPage: true });
  await page.getByRole("radio", { name: "Tasks" }).click();
  await expect(page).toHaveURL(/type=task/);
  await expect(results.getByTestId("search-hit")).toHaveCount(1);
  await expect(results.getByTestId("search-hit")).toContainText("Send the Zephyrine quote");

  // Nothing found, then nothing typed.
  await page.getByLabel("Search everything").fill("xylophonequartz");
  await expect(page.getByText("No tasks for “xylophonequartz”.")).toBeVisible();
  await page.getByRole("button", { name: "Search everything" }).click();
  await expect(page.getByText("No results for “xylophonequartz”.")).toBeVisible();
  await page.getByLabel("Search everything").fill("");
  await expect(page.getByText(/Type something to search/)).toBeVisible();
});

test("a transcript hit opens its call playing from the second the words were said", async ({ page }) => {
  await signInAs(page, demoOwner);

  // The demo's recorded call (Maya Patel's renewal call): "I'll send you the revised proposal by Friday".
  await openPalette(page);
  await paletteInput(page).pressSequentially("revised proposal by Friday");
  const hit = palette(page)
    .getByRole("group", { name: "Calls" })
    .locator("[data-testid=search-hit][data-seconds]")
    .first();
  await expect(hit).toBeVisible({ timeout: 30_000 });
  await expect(hit.locator("mark").first()).toBeVisible();
  const seconds = Number(await hit.getAttribute("data-seconds"));
  expect(seconds).toBeGreaterThan(10);
  await page.screenshot({ path: test.info().outputPath("palette-transcript-hit.png") });
  await arrowTo(page, hit);
  await page.keyboard.press("Enter");

  // The call page: `t` followed (then dropped from the URL), the player at that second.
  await expect(page).toHaveURL(/\/calls\/[^/?]+$/);
  const player = page.getByTestId("recording-player");
  await expect(player).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => player.evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(seconds - 0.05);
  // Playing (the palette's Enter counts as the user's gesture) or paused there: never far past it.
  expect(await player.evaluate((audio: HTMLAudioElement) => audio.currentTime)).toBeLessThan(seconds + 5);
  await expect(page.getByTestId("transcript-segment").and(page.locator("[aria-current=true]"))).toContainText(/revised proposal/);
  await page.screenshot({ path: test.info().outputPath("call-at-second.png") });
  const callUrl = page.url();

  // A fresh page load at ?t= (no gesture: the browser may refuse to play): the player waits there.
  await page.goto(`${callUrl}?t=25`);
  await expect(player).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => player.evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(24.95);
  expect(await player.evaluate((audio: HTMLAudioElement) => audio.currentTime)).toBeLessThan(30);
  await expect(page).toHaveURL(callUrl);
});
