import { expect, test } from "@playwright/test";
import { signUp } from "./fixtures/accounts";
import { trpcMutation } from "./fixtures/trpc";

/**
 * Reminders end to end: a daily medication reminder for a contact with an escalation contact,
 * created from the contact's page through the recurrence builder (with the server's preview and
 * its field errors), then "Send a test call now", and the test's attempts with their outcomes in
 * the history, taken by the real worker. The e2e server runs without TELNYX_API_KEY, so the call
 * attempt ends "not sent" with that reason (the no-keys path of the issue) and the in-app
 * attempt is delivered.
 */

/** A US number in 415-555-xxxx, unique enough across reruns against the same e2e database. */
function uniqueNumber(offset: number) {
  return `+1415555${String((Date.now() + offset) % 10_000).padStart(4, "0")}`;
}

test("reminders: a daily medication reminder for a contact with escalation, a test call now, its attempts and outcomes in the history", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUp(page, "Rita Reminders");
  const mom = await trpcMutation<{ id: string }>(page.request, "contacts.create", {
    firstName: "Maria",
    lastName: "Rivera",
    phones: [uniqueNumber(1)],
  });
  await trpcMutation(page.request, "contacts.create", { firstName: "Sam", lastName: "Rivera", phones: [uniqueNumber(2)] });

  // The nav leads to an empty Reminders page.
  await page.getByRole("link", { name: "Reminders" }).first().click();
  await expect(page).toHaveURL(/\/reminders$/);
  await expect(page.getByText("Nothing in the next 7 days.")).toBeVisible();

  // From Maria's page, "New reminder" has her chosen.
  await page.goto(`/contacts/${mom.id}`);
  const card = page.getByRole("heading", { name: "Reminders" }).locator("xpath=ancestor::*[@data-slot='card'][1]");
  await expect(card.getByText("No reminders for Maria Rivera.")).toBeVisible({ timeout: 30_000 });
  await card.getByRole("button", { name: "New reminder" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Who is reminded")).toContainText("Maria Rivera");

  await dialog.getByLabel("Title").fill("Evening pills");
  await dialog.getByLabel("Message", { exact: true }).fill("Hi Mom, it is time for your evening pills.");
  const start = dialog.getByLabel("Starts");
  const tomorrow = (await start.inputValue()).slice(0, 10);
  await start.fill(`${tomorrow}T20:00`);

  // A rule firing every minute is refused on its field, and nothing is saved.
  await dialog.getByLabel("Repeats").click();
  await page.getByRole("option", { name: "Custom rule (RRULE)" }).click();
  await dialog.getByLabel("Repeat rule").fill("FREQ=MINUTELY");
  await dialog.getByRole("button", { name: "Create reminder" }).click();
  await expect(dialog.getByText("A reminder may fire at most every 5 minutes.").first()).toBeVisible();

  // Every day at 8 PM: the preview words it and lists the next five times.
  await dialog.getByLabel("Repeats").click();
  await page.getByRole("option", { name: "Every day" }).click();
  await expect(dialog.getByTestId("schedule-text")).toContainText("every day at 8:00 PM");
  await expect(dialog.getByRole("list", { name: "Next times" }).getByRole("listitem")).toHaveCount(5);

  // Call and in-app; Sam is told when nobody confirms.
  await expect(dialog.getByRole("checkbox", { name: "Call" })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "In-app notification" }).check();
  await dialog.getByLabel("If nobody confirms, tell").click();
  await page.getByPlaceholder("Search contacts…").fill("Sam");
  await page.getByRole("option", { name: /Sam Rivera/ }).click();
  await page.keyboard.press("Escape");
  await expect(dialog.getByRole("list", { name: "Chosen people" })).toContainText("Sam Rivera");

  await dialog.getByRole("button", { name: "Create reminder" }).click();
  await expect(page.getByText("Reminder “Evening pills” created.")).toBeVisible();
  await expect(dialog).toBeHidden();
  const item = card.getByTestId("reminder-item").filter({ hasText: "Evening pills" });
  await expect(item).toContainText("every day at 8:00 PM");
  await expect(item).toContainText("Next:");

  // The Reminders page shows tomorrow's occurrence, and the reminder with its actions.
  await page.goto("/reminders");
  await expect(page.getByRole("region", { name: "Tomorrow" }).getByText("Evening pills")).toBeVisible();
  await page.getByRole("tab", { name: "All reminders" }).click();
  await page.getByRole("button", { name: "More actions for Evening pills" }).click();
  await page.getByRole("menuitem", { name: "Send a test call now" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("goes out to Maria Rivera right away");
  await confirm.getByRole("button", { name: "Send now" }).click();
  await expect(page.getByText("Test of “Evening pills” started.")).toBeVisible();

  // The history (opened for us) fills in as the worker runs the test: the call is not sent
  // without a Telnyx key, with the reason; the in-app notice is delivered.
  await expect(page.getByRole("tab", { name: "History" })).toHaveAttribute("aria-selected", "true");
  const occurrence = page.getByRole("list", { name: "Reminder history" }).getByTestId("reminder-occurrence").filter({ hasText: "Evening pills" });
  await expect(occurrence.getByText("Test", { exact: true })).toBeVisible({ timeout: 30_000 });
  const attempts = occurrence.getByRole("list", { name: "Attempts for Evening pills" });
  await expect(attempts.getByTestId("reminder-attempt").filter({ hasText: "Call #1" })).toContainText(
    "Not sent: TELNYX_API_KEY not set",
    { timeout: 30_000 },
  );
  await expect(attempts.getByTestId("reminder-attempt").filter({ hasText: "In-app" })).toContainText("Delivered", { timeout: 30_000 });

  // Pausing says so on the reminder.
  await page.getByRole("tab", { name: "All reminders" }).click();
  await page.getByRole("button", { name: "Pause Evening pills" }).click();
  const paused = page.getByTestId("reminder-item").filter({ hasText: "Evening pills" });
  await expect(paused.getByText("Paused", { exact: true })).toBeVisible();
  await expect(paused.getByText("Nothing goes out while paused.")).toBeVisible();
  await expect(paused.getByRole("button", { name: "Resume Evening pills" })).toBeVisible();
});
