import { expect, test } from "@playwright/test";
import { signUp } from "./fixtures/accounts";

test("contacts: create, find by a typo, edit, task and event on the timeline, CSV import with a row error, delete", async ({
  page,
}) => {
  await signUp(page, "Connie Tacts");
  await page.getByRole("link", { name: "Contacts" }).first().click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole("heading", { name: "No contacts yet" })).toBeVisible();

  // Create: a bad email is refused under the Email field, then Enter creates the contact.
  await page.getByRole("button", { name: "New contact" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("First name").fill("Margaret");
  await dialog.getByLabel("Last name").fill("Hamilton");
  const email = dialog.getByRole("textbox", { name: "Email 1", exact: true });
  await email.fill("not-an-email");
  await dialog.getByRole("textbox", { name: "Phone 1", exact: true }).fill("(415) 555-0188");
  await dialog.getByLabel("Company").fill("Apollo Labs");
  await dialog.getByLabel("Tags").fill("space, Mentor");
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(dialog.getByText('"not-an-email" is not a valid email address.')).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await email.fill("margaret@apollo.test");
  await email.press("Enter");
  await expect(page.getByText("Contact “Margaret Hamilton” created.")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("link", { name: "Margaret Hamilton" })).toBeVisible();

  // A second contact, so the search has something to leave out.
  await page.getByRole("button", { name: "New contact" }).click();
  await dialog.getByLabel("First name").fill("Bob");
  await dialog.getByLabel("Last name").fill("Builder");
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("link", { name: "Bob Builder" })).toBeVisible();

  // A typo'd search finds her; the query is kept in the URL across a reload.
  await page.getByLabel("Search contacts").fill("Margret Hamiltn");
  await expect(page).toHaveURL(/[?&]q=Margret/);
  await expect(page.getByRole("link", { name: "Margaret Hamilton" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Bob Builder" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Search contacts")).toHaveValue("Margret Hamiltn");
  await expect(page.getByRole("link", { name: "Margaret Hamilton" })).toBeVisible();

  // Open and edit.
  await page.getByRole("link", { name: "Margaret Hamilton" }).click();
  await expect(page).toHaveURL(/\/contacts\/[^/?]+$/);
  const contactUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Margaret Hamilton");
  // A read view first, its numbers as a US user reads them; Edit opens the form in place.
  const details = page.getByLabel("Contact details");
  await expect(details).toContainText("(415) 555-0188");
  await expect(page.getByRole("form", { name: "Edit contact" })).toHaveCount(0);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("textbox", { name: "First name" })).toBeFocused();
  await expect(page.getByRole("textbox", { name: "Phone 1", exact: true })).toHaveValue("(415) 555-0188");
  await page.getByLabel("Job title").fill("Director of Software");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
  await expect(page.getByText("Director of Software at Apollo Labs")).toBeVisible();
  await expect(page.getByRole("form", { name: "Edit contact" })).toHaveCount(0);
  await expect(details).toContainText("Director of Software");
  // Escape leaves the form unsaved, back on Edit.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByLabel("Job title").fill("Not saved");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Edit", exact: true })).toBeFocused();
  await expect(details).not.toContainText("Not saved");

  // Add a task for her with a due date, then complete it.
  await page.getByRole("link", { name: "Add task" }).click();
  await expect(page).toHaveURL(/\/tasks/);
  const taskDialog = page.getByRole("dialog");
  await taskDialog.getByLabel("Title").fill("Send the launch photos");
  await taskDialog.getByLabel("Due date").click();
  await page.getByRole("gridcell").filter({ hasText: /^15$/ }).first().click();
  await taskDialog.getByRole("button", { name: "Create task" }).click();
  await expect(page.getByText("Task “Send the launch photos” created.")).toBeVisible();
  await page.getByRole("checkbox", { name: "Complete Send the launch photos" }).click();
  await expect(page.getByText("Completed “Send the launch photos”.")).toBeVisible();

  // Add an event with her.
  await page.goto(contactUrl);
  await page.getByRole("link", { name: "Add event" }).click();
  await expect(page).toHaveURL(/\/calendar/);
  const eventDialog = page.getByRole("dialog");
  await expect(eventDialog.getByRole("list", { name: "Chosen people" })).toContainText("Margaret Hamilton");
  await eventDialog.getByLabel("Title").fill("Lunch with Margaret");
  await eventDialog.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("Event “Lunch with Margaret” created.")).toBeVisible();

  // A long title, to check the activity shows titles whole when there is room.
  const longTitle = "Send Margaret the signed launch photos and the press kit before Friday";
  const created = await page.request.post("/api/trpc/tasks.create", {
    data: { json: { title: longTitle, contactId: contactUrl.split("/").pop() } },
  });
  expect(created.ok()).toBe(true);

  // Both are on her page's timeline, linking to their pages.
  await page.goto(contactUrl);
  const activity = page.getByRole("list", { name: "Activity" });
  const longTitleText = activity.getByText(longTitle, { exact: true });
  await expect(longTitleText).toBeVisible();
  // Not cut short: the whole title is laid out (it wraps instead of ending in "…").
  expect(await longTitleText.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(activity.getByRole("link", { name: /Send the launch photos/ })).toHaveAttribute("href", "/tasks");
  await expect(activity.getByRole("link", { name: /Lunch with Margaret/ })).toHaveAttribute("href", "/calendar");
  await expect(page.getByRole("region", { name: "At a glance" })).toContainText("Upcoming events");

  // Import a CSV: two good rows and one with too many values.
  await page.getByRole("link", { name: "Contacts", exact: true }).first().click();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.getByRole("button", { name: "Import" }).click();
  const importDialog = page.getByRole("dialog");
  // The limits are stated before a file is chosen, not only in the error after.
  await expect(importDialog.getByText(".csv or .vcf, up to 5 MB and 10,000 contacts per file")).toBeVisible();
  const csv = [
    "First name,Last name,E-mail,Mobile phone",
    "Lin,Park,lin@example.test,+1 415 555 0101",
    "Omar,Haddad,omar@example.test,415.555.0102",
    "Broken,Row,broken@example.test,+1 415 555 0103,surplus",
  ].join("\n");
  await importDialog.locator('input[type="file"]').setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await expect(importDialog.getByRole("heading", { name: "Match the columns" })).toBeVisible();
  await expect(importDialog.getByRole("combobox", { name: "Field for column “E-mail”" })).toContainText("Email");
  await expect(importDialog.getByRole("combobox", { name: "Field for column “Mobile phone”" })).toContainText("Phone");
  await expect(importDialog.getByText("Has 5 values but the header has 4 columns.").first()).toBeVisible();
  await importDialog.getByRole("button", { name: "Import 2 contacts" }).click();
  await expect(importDialog.getByText("2 imported")).toBeVisible();
  await expect(importDialog.getByRole("listitem").filter({ hasText: "Row 4:" })).toContainText(
    "Has 5 values but the header has 4 columns.",
  );
  await importDialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("link", { name: "Lin Park" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Omar Haddad" })).toBeVisible();

  // Delete one from its page, with confirmation.
  await page.getByRole("link", { name: "Lin Park" }).click();
  await page.getByRole("button", { name: "Delete contact" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Delete Lin Park?");
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByText("Contact “Lin Park” deleted.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Lin Park" })).toHaveCount(0);

  // And one from the table with the bulk action.
  await page.getByRole("checkbox", { name: "Select Omar Haddad" }).click();
  await page.getByRole("button", { name: "Delete selected" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete 1" }).click();
  await expect(page.getByText("Deleted 1 contact.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Omar Haddad" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Margaret Hamilton" })).toBeVisible();

  // An unknown contact id is a proper not-found page.
  await page.goto("/contacts/does-not-exist");
  await expect(page.getByRole("heading", { name: "Contact not found" })).toBeVisible();
});

test("contacts: several emails and phones as rows, then merge a duplicate into the original", async ({ page }) => {
  await signUp(page, "Dee Dupe");
  await page.goto("/contacts");
  const dialog = page.getByRole("dialog");
  const row = (name: string) => dialog.getByRole("textbox", { name, exact: true });

  // Two emails and two phones, one row each; a bad second phone is flagged on its own row.
  await page.getByRole("button", { name: "New contact" }).first().click();
  await dialog.getByLabel("First name").fill("Grace");
  await dialog.getByLabel("Last name").fill("Hopper");
  await row("Email 1").fill("grace@navy.test");
  await dialog.getByRole("button", { name: "Add email" }).click();
  await expect(row("Email 2")).toBeFocused();
  await page.keyboard.type("grace@yale.test");
  await dialog.getByRole("button", { name: "Add email" }).click();
  await page.keyboard.type("typo@nowhere");
  await dialog.getByRole("button", { name: "Remove email 3" }).click();
  await expect(row("Email 3")).toHaveCount(0);
  await row("Phone 1").fill("(212) 555-0101");
  await dialog.getByRole("button", { name: "Add phone" }).click();
  await row("Phone 2").fill("12");
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(row("Phone 2")).toHaveAttribute("aria-invalid", "true");
  await expect(row("Phone 2")).toHaveAccessibleDescription(/"12" is not a phone number we can read\./);
  await expect(row("Phone 1")).not.toHaveAttribute("aria-invalid", "true");
  await row("Phone 2").fill("+44 20 7946 0958");
  await row("Phone 2").press("Enter");
  await expect(page.getByText("Contact “Grace Hopper” created.")).toBeVisible();
  // The list shows every number of a contact, each the way a US user reads it.
  await expect(page.getByRole("list", { name: "Phone numbers of Grace Hopper" }).getByRole("listitem")).toHaveText([
    "(212) 555-0101",
    "+44 20 7946 0958",
  ]);

  await page.getByRole("link", { name: "Grace Hopper" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grace Hopper");
  const originalUrl = page.url();
  const field = (name: string) => page.getByRole("textbox", { name, exact: true });
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(field("Email 1")).toHaveValue("grace@navy.test");
  await expect(field("Email 2")).toHaveValue("grace@yale.test");
  await expect(field("Phone 1")).toHaveValue("(212) 555-0101");
  await expect(field("Phone 2")).toHaveValue("+44 20 7946 0958");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(field("Phone 1")).toHaveCount(0);

  // A duplicate with another number.
  await page.goto("/contacts");
  await page.getByRole("button", { name: "New contact" }).first().click();
  await dialog.getByLabel("First name").fill("Amazing");
  await dialog.getByLabel("Last name").fill("Grace");
  await row("Phone 1").fill("415-555-0199");
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(dialog).toBeHidden();

  // From the duplicate's page, merge it into the original, by keyboard where it counts.
  await page.getByRole("link", { name: "Amazing Grace" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Amazing Grace");
  await page.getByRole("button", { name: "Merge…" }).click();
  const picker = dialog.getByLabel("Merge with");
  await expect(picker).toBeFocused();
  await picker.press("Enter");
  await page.keyboard.type("Hopper");
  await expect(page.getByRole("option", { name: "Grace Hopper" })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(picker).toHaveText("Grace Hopper");
  await expect(dialog.getByRole("radio", { name: "Keep Amazing Grace (this contact)" })).toBeChecked();
  await dialog.getByRole("radio", { name: "Keep Grace Hopper" }).click();
  const preview = dialog.getByRole("region", { name: "What merging does" });
  await expect(preview).toContainText("Grace Hopper is kept");
  await expect(preview).toContainText("(212) 555-0101, +44 20 7946 0958, (415) 555-0199");
  await expect(preview).toContainText("Amazing Grace is then deleted.");
  await dialog.getByRole("button", { name: "Merge and delete Amazing Grace" }).click();

  await expect(page.getByText("Merged “Amazing Grace” into “Grace Hopper”.")).toBeVisible();
  await expect(page).toHaveURL(originalUrl);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grace Hopper");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(field("Phone 1")).toHaveValue("(212) 555-0101");
  await expect(field("Phone 2")).toHaveValue("+44 20 7946 0958");
  await expect(field("Phone 3")).toHaveValue("(415) 555-0199");

  await page.getByRole("link", { name: "Contacts", exact: true }).first().click();
  await expect(page.getByRole("link", { name: "Grace Hopper" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Amazing Grace" })).toHaveCount(0);
});
