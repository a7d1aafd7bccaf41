import { expect, test } from "@playwright/test";
import { signUp } from "./fixtures/accounts";

test("tasks: field errors, create with priority, due date, recurrence and tags, complete, subtasks ask before completing", async ({
  page,
}) => {
  await signUp(page, "Tess Tasks");
  await page.getByRole("link", { name: "Tasks" }).first().click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByText("No tasks yet.")).toBeVisible();

  await page.getByRole("button", { name: "New task" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Create task" }).click();
  await expect(dialog.getByText("Enter a title.")).toBeVisible();

  await dialog.getByLabel("Title").fill("Pay the rent");
  await dialog.getByLabel("Priority").click();
  await page.getByRole("option", { name: "High" }).click();
  await dialog.getByLabel("Due date").click();
  await page.getByRole("gridcell").filter({ hasText: /^15$/ }).first().click();
  await dialog.getByLabel("Recurrence").click();
  await page.getByRole("option", { name: "Monthly" }).click();
  await dialog.getByLabel("Tags").fill("home, Money");
  await dialog.getByLabel("Title").press("Enter");
  await expect(page.getByText("Task “Pay the rent” created.")).toBeVisible();
  await expect(dialog).toBeHidden();

  const todo = page.getByRole("region", { name: /To do/ });
  await expect(todo.getByRole("button", { name: "Pay the rent", exact: true })).toBeVisible();
  await expect(todo.getByText("#money")).toBeVisible();
  await expect(todo.getByText("Monthly")).toBeVisible();

  // Completing a recurring task puts the next one on the list.
  await page.getByRole("checkbox", { name: "Complete Pay the rent" }).click();
  await expect(page.getByText("Completed “Pay the rent”.")).toBeVisible();
  await expect(page.getByRole("region", { name: /Done/ }).getByRole("button", { name: "Pay the rent", exact: true })).toBeVisible();
  await expect(todo.getByRole("button", { name: "Pay the rent", exact: true })).toBeVisible();

  // A parent with an open subtask asks before completing both.
  await page.getByRole("button", { name: "New task" }).click();
  await dialog.getByLabel("Title").fill("Plan the trip");
  await dialog.getByRole("button", { name: "Create task" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "More actions for Plan the trip" }).click();
  await page.getByRole("menuitem", { name: "Add subtask" }).click();
  await dialog.getByLabel("Title").fill("Book the hotel");
  await dialog.getByRole("button", { name: "Create task" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("list", { name: "Subtasks of Plan the trip" }).getByText("Book the hotel")).toBeVisible();

  await page.getByRole("checkbox", { name: "Complete Plan the trip" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("1 subtask is still open");
  await confirm.getByRole("button", { name: "Complete all" }).click();
  await expect(page.getByRole("checkbox", { name: "Complete Book the hotel" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Complete Plan the trip" })).toBeChecked();

  // Inline priority change.
  await page.getByRole("combobox", { name: "Importance of Pay the rent" }).first().click();
  await page.getByRole("option", { name: "Urgent" }).click();
  await expect(page.getByRole("combobox", { name: "Importance of Pay the rent" }).first()).toContainText("Urgent");
});

test("calendar: end before start is refused, create, see it in every view, edit, delete with confirmation", async ({
  page,
}) => {
  await signUp(page, "Cal Endar");
  await page.goto("/calendar");
  await page.getByRole("button", { name: "New event" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title").fill("Dentist");
  const starts = await dialog.getByLabel("Starts").inputValue();
  const day = starts.slice(0, 10);
  await dialog.getByLabel("Starts").fill(`${day}T10:00`);
  await dialog.getByLabel("Ends").fill(`${day}T09:00`);
  await dialog.getByRole("button", { name: "Create event" }).click();
  await expect(dialog.getByText("The end must be after the start.")).toBeVisible();
  await dialog.getByLabel("Ends").fill(`${day}T11:00`);
  await dialog.getByLabel("Location").fill("Main street 1");
  await dialog.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("Event “Dentist” created.")).toBeVisible();

  await expect(page.getByRole("button", { name: /Dentist/ })).toBeVisible();
  await page.getByRole("tab", { name: "Week" }).click();
  await expect(page.getByRole("button", { name: /Dentist/ })).toBeVisible();
  await page.getByRole("tab", { name: "Agenda" }).click();
  await expect(page.getByRole("button", { name: /Dentist/ })).toContainText("Main street 1");

  // All-day, several days.
  await page.getByRole("button", { name: "New event" }).click();
  await dialog.getByLabel("Title").fill("Conference");
  await dialog.getByLabel("All day").click();
  await dialog.getByLabel("Starts").fill(day);
  await dialog.getByLabel("Ends").fill(day);
  await dialog.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByRole("button", { name: /Conference/ })).toContainText("All day");

  await page.getByRole("button", { name: /Dentist/ }).click();
  await expect(dialog.getByLabel("Title")).toHaveValue("Dentist");
  await dialog.getByLabel("Title").fill("Dentist (moved)");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("button", { name: /Dentist \(moved\)/ })).toBeVisible();

  await page.getByRole("button", { name: /Dentist \(moved\)/ }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete event" }).click();
  await expect(page.getByText("Event “Dentist (moved)” deleted.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Dentist/ })).toHaveCount(0);
});
