import { expect, test } from "@playwright/test";
import { CallLeg } from "../src/test/fakes/telnyx-webhooks";
import { signUp } from "./fixtures/accounts";
import { postVoiceWebhook, waitForCommands, waitForDial } from "./fixtures/fake-telnyx";
import { assignNumberAsOwner } from "./fixtures/owner";
import { trpcMutation } from "./fixtures/trpc";

/**
 * Reminders end to end: a daily medication reminder for a contact with an escalation contact,
 * created from the contact's page through the recurrence builder (with the server's preview and
 * its field errors), then "Send a test call now", taken by the real worker: the call is dialed
 * at the fake Telnyx API, and the spec plays Telnyx and Maria (answered by a person, who hears
 * the message and presses 1); the history shows the call confirmed and the in-app notice
 * delivered. (Without TELNYX_API_KEY, "not sent" with the reason: src/server/reminders tests.)
 */

/** A US number in 415-555-xxxx, unique enough across reruns against the same e2e database. */
function uniqueNumber(offset: number) {
  return `+1415555${String((Date.now() + offset) % 10_000).padStart(4, "0")}`;
}

test("reminders: a daily medication reminder for a contact with escalation, a test call now, its attempts and outcomes in the history", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const email = await signUp(page, "Rita Reminders");
  // Reminder calls go out from the account's Telnyx number.
  const ours = uniqueNumber(3);
  await assignNumberAsOwner(browser, ours, email);
  const momPhone = uniqueNumber(1);
  const mom = await trpcMutation<{ id: string }>(page.request, "contacts.create", {
    firstName: "Maria",
    lastName: "Rivera",
    phones: [momPhone],
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

  // Telnyx is asked to call Maria from the account's number, with machine detection.
  const dial = await waitForDial(page.request, momPhone);
  expect(dial.body).toMatchObject({ from: ours, answering_machine_detection: expect.any(String) });
  const leg = new CallLeg({
    callControlId: dial.callControlId,
    callSessionId: dial.callSessionId,
    from: ours,
    to: momPhone,
    direction: "outgoing",
    clientState: String(dial.body.client_state),
  });

  // The history (opened for us) shows the call under way.
  await expect(page.getByRole("tab", { name: "History" })).toHaveAttribute("aria-selected", "true");
  const occurrence = page.getByRole("list", { name: "Reminder history" }).getByTestId("reminder-occurrence").filter({ hasText: "Evening pills" });
  await expect(occurrence.getByText("Test", { exact: true })).toBeVisible({ timeout: 30_000 });
  const attempts = occurrence.getByRole("list", { name: "Attempts for Evening pills" });
  const call = attempts.getByTestId("reminder-attempt").filter({ hasText: "Call #1" });
  await expect(call).toContainText("In progress");
  await expect(attempts.getByTestId("reminder-attempt").filter({ hasText: "In-app" })).toContainText("Delivered", { timeout: 30_000 });

  // Maria answers; detection says a person: she hears the message and is asked for a key.
  await postVoiceWebhook(page.request, leg.initiated(new Date()));
  await postVoiceWebhook(page.request, leg.answered(new Date()));
  await postVoiceWebhook(page.request, leg.machineDetectionEnded(new Date(), "human"));
  const asked = await waitForCommands(page.request, leg.callControlId, 2);
  expect(asked.actions).toEqual(["record_start", "gather_using_speak"]);
  expect(asked.bodies[1]).toMatchObject({ payload: expect.stringMatching(/^Hi Mom, it is time for your evening pills\. Press 1 to confirm/), valid_digits: "12" });
  leg.clientState = asked.clientState;

  // She presses 1: thanked, then hung up on once the thanks is spoken.
  await postVoiceWebhook(page.request, leg.gatherEnded(new Date(), "1"));
  const thanked = await waitForCommands(page.request, leg.callControlId, 3);
  expect(thanked.actions[2]).toBe("speak");
  leg.clientState = thanked.clientState;
  await expect(call).toContainText("Confirmed (pressed 1)", { timeout: 30_000 });
  await postVoiceWebhook(page.request, leg.speakEnded(new Date()));
  expect((await waitForCommands(page.request, leg.callControlId, 4)).actions[3]).toBe("hangup");
  await postVoiceWebhook(page.request, leg.hangup(new Date(), "normal_clearing", "callee"));

  // The occurrence is confirmed, and its call opens as a call of Maria's.
  await expect(occurrence).toContainText("State: Confirmed", { timeout: 30_000 });
  await call.getByRole("link", { name: "View call" }).click();
  await expect(page).toHaveURL(/\/calls\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Maria Rivera" })).toBeVisible();
  await page.goto("/reminders");

  // Pausing says so on the reminder.
  await page.getByRole("tab", { name: "All reminders" }).click();
  await page.getByRole("button", { name: "Pause Evening pills" }).click();
  const paused = page.getByTestId("reminder-item").filter({ hasText: "Evening pills" });
  await expect(paused.getByText("Paused", { exact: true })).toBeVisible();
  await expect(paused.getByText("Nothing goes out while paused.")).toBeVisible();
  await expect(paused.getByRole("button", { name: "Resume Evening pills" })).toBeVisible();
});

test("keeping in touch and an important date, set from the contact's page, checked as the server checks them", async ({ page }) => {
  await signUp(page, "Kit Keeper");
  const kai = await trpcMutation<{ id: string }>(page.request, "contacts.create", { firstName: "Kai", lastName: "Tanaka", phones: [uniqueNumber(4)] });
  await page.goto(`/contacts/${kai.id}`);
  const card = page.getByRole("heading", { name: "Keep in touch" }).locator("xpath=ancestor::*[@data-slot='card'][1]");

  // Stay in touch: nothing typed, then more than a year, are refused on the field.
  const stay = card.getByRole("form", { name: "Stay in touch" });
  const every = stay.getByLabel("Stay in touch every");
  await stay.getByRole("button", { name: "Start" }).click();
  await expect(stay.getByText("Enter a number.")).toBeVisible();
  await expect(every).toHaveAttribute("aria-invalid", "true");
  await expect(every).toBeFocused();
  await every.fill("60");
  await stay.getByRole("button", { name: "Start" }).click();
  await expect(stay.getByText("At most a year (365 days or 52 weeks).")).toBeVisible();
  await every.fill("2");
  await every.press("Enter");
  await expect(page.getByText("Keep-in-touch saved.")).toBeVisible();
  await expect(stay.getByText("Not in touch yet.", { exact: false })).toBeVisible();
  await expect(stay.getByRole("button", { name: "Update" })).toBeVisible();
  await expect(every).toHaveValue("2");

  // An important date: February 30 and February 29 of a common year are refused, a leap year's is kept.
  await card.getByRole("button", { name: "Add a date" }).click();
  const add = card.getByRole("form", { name: "Add a date" });
  await add.getByLabel("Month").click();
  await page.getByRole("option", { name: "February" }).click();
  await add.getByLabel("Day").fill("30");
  await add.getByRole("button", { name: "Add date" }).click();
  await expect(add.getByText("That month has 29 days.")).toBeVisible();
  await add.getByLabel("Day").fill("29");
  await add.getByLabel("Year (optional)").fill("2001");
  await add.getByRole("button", { name: "Add date" }).click();
  await expect(add.getByText("2001 has no February 29.")).toBeVisible();
  await add.getByLabel("Year (optional)").fill("2000");
  await add.getByRole("button", { name: "Add date" }).click();
  await expect(add).toBeHidden();
  const dates = card.getByRole("list", { name: "Important dates" });
  await expect(dates.getByRole("listitem")).toHaveCount(1);
  await expect(dates).toContainText("Birthday · February 29, 2000");
  await expect(dates).toContainText("Next reminder");

  // Both are reminders of the user's, listed with the rest.
  await page.goto("/reminders");
  await page.getByRole("tab", { name: "All reminders" }).click();
  await expect(page.getByTestId("reminder-item").filter({ hasText: "Get in touch with Kai Tanaka" })).toBeVisible();
  await expect(page.getByTestId("reminder-item").filter({ hasText: "Kai Tanaka's birthday" })).toBeVisible();
});
