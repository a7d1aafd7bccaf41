import { expect, test } from "@playwright/test";
import { signUp } from "./fixtures/accounts";
import { assignNumberAsOwner } from "./fixtures/owner";

/**
 * Settings → Receptionist end to end, as the e2e server runs it (no Deepgram, Anthropic or
 * ElevenLabs key): without a number, the empty state; with one, the missing keys named and only
 * Off selectable (the API refuses the rest with the same names), while the business name,
 * instructions (counted), greeting and voicemail prompt are saved and the greeting is read by the
 * browser's voice. The modes with keys, the hours and the ElevenLabs preview: receptionist.test.ts.
 */

/** A US number in 628-555-xxxx, unique enough across reruns against the same e2e database. */
function uniqueNumber() {
  return `+1628555${String((Date.now() + 7) % 10_000).padStart(4, "0")}`;
}

test("receptionist settings: empty without a number; with one, the missing keys named, Off only, the texts saved and previewed", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, "Rae Receptionist");
  await page.goto("/settings#receptionist");
  const card = page.getByRole("region", { name: "Receptionist" });
  await expect(card.getByText("No number is assigned to you yet. Ask the owner to assign a number.")).toBeVisible();

  const number = await assignNumberAsOwner(browser, uniqueNumber(), email, { label: "Front desk" });
  await page.reload();
  await expect(card.getByRole("alert")).toContainText("It needs DEEPGRAM_API_KEY, ANTHROPIC_API_KEY and ELEVENLABS_API_KEY");
  const form = card.getByRole("form");
  await expect(form).toContainText("Front desk");

  await test.step("only Off can be chosen, and the API refuses the rest naming the keys", async () => {
    const mode = form.getByRole("combobox", { name: "Answer calls" });
    await expect(mode).toContainText("Off: forward to my phone, then voicemail");
    await mode.click();
    await expect(page.getByRole("option", { name: "Always" })).toHaveAttribute("aria-disabled", "true");
    await expect(page.getByRole("option", { name: "Outside business hours" })).toHaveAttribute("aria-disabled", "true");
    await page.keyboard.press("Escape");

    const refused = await page.request.post("/api/trpc/phoneNumbers.updateReceptionist", {
      data: { json: { id: number.id, receptionistMode: "always", receptionistAnswerAfterSeconds: 20, businessHours: null } },
    });
    expect(refused.status()).toBe(412);
    expect(await refused.text()).toContain("DEEPGRAM_API_KEY, ANTHROPIC_API_KEY and ELEVENLABS_API_KEY");
  });

  await test.step("the texts are counted, previewed by the browser's voice, saved and shown again", async () => {
    await form.getByLabel("Business name").fill("Rae's Repairs");
    const instructions = "We repair bikes. Take a message with a callback number.";
    await form.getByLabel("Instructions").fill(instructions);
    await expect(form.getByText(`${instructions.length} / 10,000`)).toBeVisible();
    const greeting = form.getByLabel("Greeting", { exact: true });
    await expect(greeting).toHaveAttribute("placeholder", /you have reached Rae Receptionist/);
    await greeting.fill("Thanks for calling {name}. How can I help?");
    await expect(form.getByLabel("Voicemail prompt", { exact: true })).toHaveAttribute("placeholder", /Please leave a message/);
    await form.getByRole("button", { name: "Listen to the greeting" }).click();
    await expect(form.getByRole("status")).toContainText("ELEVENLABS_API_KEY");

    await form.getByRole("button", { name: "Save receptionist" }).click();
    await expect(page.getByText(/Receptionist settings saved for/)).toBeVisible();
    await card.screenshot({ path: test.info().outputPath("receptionist-settings.png") });

    await page.reload();
    await expect(form.getByLabel("Business name")).toHaveValue("Rae's Repairs");
    await expect(form.getByLabel("Instructions")).toHaveValue(instructions);
    await expect(form.getByLabel("Greeting", { exact: true })).toHaveValue("Thanks for calling {name}. How can I help?");
  });
});
