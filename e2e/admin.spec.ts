import { expect, test, type Browser } from "@playwright/test";
import { addTelnyxAccountNumber } from "./fixtures/fake-telnyx";
import { demoOwner, signInAs } from "./fixtures/owner";
import { trpcMutation } from "./fixtures/trpc";

/**
 * Accounts end to end: the owner (the demo account, the e2e database's first account) switches
 * sign-up to invite only, creates an invite link for one email, the invitee signs up through it
 * in a browser of their own, the owner assigns them a number, and the invitee cannot open /admin.
 */

/** The rest of the suite signs up freely (SIGNUP_MODE=open): put the owner's choice back. */
async function reopenSignUp(browser: Browser) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signInAs(page, demoOwner);
    await trpcMutation(context.request, "admin.setSignupMode", { mode: "open" });
  } finally {
    await context.close();
  }
}

test.afterAll(async ({ browser }) => {
  await reopenSignUp(browser);
});

test("the owner invites a user, who signs up through the link, gets a number and cannot open Admin", async ({ browser }) => {
  // Three browsers and a dozen page loads against a production build.
  test.setTimeout(180_000);
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const inviteeEmail = `invitee-${stamp}@example.test`;
  const digits = String(Date.now() % 10_000).padStart(4, "0");
  const number = `+1628555${digits}`;

  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signInAs(owner, demoOwner);

  await test.step("only the owner sees Admin; sign-up becomes invite only in Settings", async () => {
    await expect(owner.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
    await owner.goto("/settings#sign-up");
    const card = owner.getByRole("region", { name: "Sign-up" });
    await card.getByText("Invite only", { exact: true }).click();
    await card.getByRole("button", { name: "Save sign-up setting" }).click();
    await expect(owner.getByText("Sign-up setting saved.")).toBeVisible();
  });

  const visitorContext = await browser.newContext();
  await test.step("a visitor without a link is told sign-up needs an invite", async () => {
    const visitor = await visitorContext.newPage();
    await visitor.goto("/sign-up");
    await expect(visitor.getByText("Sign-up needs an invite. Ask the owner for an invite link.")).toBeVisible();
    await expect(visitor.getByRole("button", { name: "Create account" })).toHaveCount(0);
  });

  let link = "";
  await test.step("the owner creates an invite link for one email, shown once", async () => {
    await owner.goto("/admin");
    await expect(owner.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
    const users = owner.getByRole("table", { name: "Users" });
    await expect(users.getByRole("row", { name: /Demo User/ })).toContainText("Owner");

    const invites = owner.getByRole("region", { name: "Invites" });
    await invites.getByLabel("Email (optional)").fill(inviteeEmail);
    await invites.getByRole("button", { name: "Create invite link" }).click();
    const field = invites.getByRole("textbox", { name: "Invite link" });
    await expect(field).toHaveValue(/\/sign-up\?invite=[\w-]{43}$/);
    link = await field.inputValue();
    await expect(invites.getByRole("table", { name: "Invites" }).getByRole("row", { name: new RegExp(inviteeEmail) })).toContainText("Pending");
  });

  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await test.step("the invitee signs up through the link with the invited email", async () => {
    await invitee.goto(link);
    await expect(invitee.getByRole("heading", { name: "Accept your invite" })).toBeVisible();
    const email = invitee.getByLabel("Email");
    await expect(email).toHaveValue(inviteeEmail);
    await expect(email).toHaveAttribute("readonly", "");
    await invitee.getByLabel("Name").fill("Ivy Invitee");
    await invitee.getByLabel("Password").fill("a good long password");
    await invitee.getByRole("button", { name: "Create account" }).click();
    await expect(invitee).toHaveURL(/\/dashboard$/);
    await expect(invitee.getByRole("heading", { level: 1 })).toContainText("Ivy");
  });

  await test.step("the link works only once", async () => {
    const again = await visitorContext.newPage();
    await again.goto(link);
    await expect(again.getByText("This invite link does not work")).toBeVisible();
    await expect(again.getByRole("button", { name: "Create account" })).toHaveCount(0);
  });

  await test.step("the owner sees the invite used and assigns the invitee a number", async () => {
    await owner.reload();
    const invites = owner.getByRole("table", { name: "Invites" });
    await expect(invites.getByRole("row", { name: new RegExp(inviteeEmail) })).toContainText("Used");
    await expect(invites.getByRole("row", { name: new RegExp(inviteeEmail) })).toContainText("by Ivy Invitee");
    await expect(owner.getByRole("table", { name: "Users" }).getByRole("row", { name: /Ivy Invitee/ })).toContainText("Member");

    // The number is in the (fake) Telnyx account: the dialog finds it there by its digits.
    await addTelnyxAccountNumber(owner.request, number, { messaging_profile_id: "40017f8e-49bd-4f16-9e3d-ef103f916228" });
    const numbers = owner.getByRole("region", { name: "Phone numbers" });
    await numbers.getByRole("button", { name: "Add number" }).click();
    const dialog = owner.getByRole("dialog", { name: "Add a number" });
    await dialog.getByLabel("Search your Telnyx numbers").fill(number.slice(2));
    await dialog.getByRole("radio", { name: new RegExp(`\\(628\\) 555-${digits}`) }).check();
    await dialog.getByLabel("Label").fill("Ivy's line");
    await dialog.getByRole("combobox", { name: "Assign to" }).click();
    await owner.getByRole("option", { name: new RegExp(`Ivy Invitee \\(${inviteeEmail}\\)`) }).click();
    await dialog.getByRole("button", { name: "Add number" }).click();
    await expect(dialog).toBeHidden();
    await expect(numbers.getByRole("listitem").filter({ hasText: "Ivy's line" }).getByRole("combobox", { name: "Assigned to" })).toContainText(
      "Ivy Invitee",
    );
    await owner.reload();
    await expect(owner.getByRole("table", { name: "Users" }).getByRole("row", { name: /Ivy Invitee/ }).getByRole("cell").nth(4)).toHaveText("1");
  });

  await test.step("the invitee has no Admin link and /admin is a 404 for them", async () => {
    await invitee.reload();
    await expect(invitee.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toBeVisible();
    await expect(invitee.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
    const response = await invitee.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(invitee.getByRole("heading", { name: "Users" })).toHaveCount(0);
    await expect(invitee.getByText(/not found/i).first()).toBeVisible();
  });

  await test.step("disabling the invitee ends their session at once", async () => {
    const users = owner.getByRole("table", { name: "Users" });
    await users.getByRole("button", { name: "Disable Ivy Invitee" }).click();
    await owner.getByRole("alertdialog").getByRole("button", { name: "Disable account" }).click();
    await expect(users.getByRole("row", { name: /Ivy Invitee/ })).toContainText("Disabled");

    await invitee.goto("/dashboard");
    await expect(invitee).toHaveURL(/\/sign-in/);
    await invitee.getByLabel("Email").fill(inviteeEmail);
    await invitee.getByLabel("Password").fill("a good long password");
    await invitee.getByRole("button", { name: "Sign in" }).click();
    await expect(invitee.getByText("This account has been disabled. Ask the owner of this Switchboard.")).toBeVisible();
  });

  await ownerContext.close();
  await visitorContext.close();
  await inviteeContext.close();
});
