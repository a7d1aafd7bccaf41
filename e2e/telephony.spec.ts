import { expect, test } from "@playwright/test";
import { CallLeg, envelope, messageStatus } from "../src/test/fakes/telnyx-webhooks";
import { signUp } from "./fixtures/accounts";
import { fakeTelnyxRequests, postMessagingWebhook, postVoiceWebhook, waitForCommands, waitForDial } from "./fixtures/fake-telnyx";
import { assignNumberAsOwner } from "./fixtures/owner";
import { signTelnyxTestWebhook } from "./fixtures/telnyx-test-key";
import { trpcMutation, trpcQuery } from "./fixtures/trpc";

/**
 * Telephony end to end: signed Telnyx webhooks posted to the running app (verified with the
 * suite's test-only key, stored, processed by the worker) show up in the UI, and the commands and
 * texts the app sends reach the fake Telnyx API (e2e/fixtures/fake-telnyx.ts), which the specs
 * answer the way Telnyx would.
 */

/** A US number in 415-555-xxxx, unique enough across reruns against the same e2e database. */
function uniqueNumber(prefix: string) {
  const digits = String(Date.now() % 10_000).padStart(4, "0");
  return { e164: `+1${prefix}555${digits}`, digits };
}

const T0 = Date.now() - 120_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000);

test("a signed inbound call shows on the Calls page, its call page and the contact's timeline", async ({ page, browser }) => {
  const email = await signUp(page, "Tel Nyx");
  const ours = uniqueNumber("415");
  const caller = uniqueNumber("312");

  // Only the owner adds Telnyx numbers: the owner assigns this one to the new account, which
  // then sees it (its default) under Settings → Phone numbers.
  await assignNumberAsOwner(browser, `(415) 555-${ours.digits}`, email, {
    label: "Main line",
    connectionId: "1684641123236054244",
    messagingProfileId: "40017f8e-49bd-4f16-9e3d-ef103f916228",
  });
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Providers" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Voice webhook URL" })).toHaveValue(/\/api\/webhooks\/telnyx\/voice$/);
  await expect(page.getByRole("button", { name: "Add number" })).toHaveCount(0);
  const numbers = page.getByRole("list", { name: "Your Telnyx numbers" });
  // A US account reads a US number nationally.
  await expect(numbers.getByText(`(415) 555-${ours.digits}`)).toBeVisible();
  await expect(numbers.getByText("Default")).toBeVisible();

  // The caller is a contact.
  const ada = await trpcMutation<{ id: string }>(page.request, "contacts.create", {
    firstName: "Ada",
    lastName: "Lovelace",
    phones: [caller.e164],
  });

  await page.goto("/calls");
  await expect(page.getByText("No calls yet — calls to your Telnyx number will appear here.")).toBeVisible();

  // Switchboard rings the user's own phone when a call comes in.
  const own = uniqueNumber("773");
  await trpcMutation(page.request, "phoneNumbers.setPersonalPhone", { personalPhone: own.e164 });

  // Telnyx: the caller's leg arrives; Switchboard answers it (Telnyx echoes the answer's
  // client_state from then on) ...
  const callerLeg = new CallLeg({ from: caller.e164, to: ours.e164, direction: "incoming" });
  await postVoiceWebhook(page.request, callerLeg.initiated(at(0)));
  const answered = await waitForCommands(page.request, callerLeg.callControlId, 1);
  expect(answered.actions[0]).toBe("answer");
  callerLeg.clientState = answered.clientState;
  await postVoiceWebhook(page.request, callerLeg.answered(at(2)));

  // ... and the open Calls page picks it up by itself (no reload).
  const calls = page.getByRole("table", { name: "Calls" });
  const row = calls.getByRole("row").filter({ hasText: "Ada Lovelace" });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row.getByText("In progress")).toBeVisible();
  const href = await row.getByRole("link", { name: /Ada Lovelace/ }).getAttribute("href");
  const callId = href!.split("/").pop()!;
  // The call page says the call is in progress, not that nothing was recorded.
  await page.goto(`/calls/${callId}`);
  await expect(page.getByText("This call is in progress: its recording, transcript and summary appear here once it ends.")).toBeVisible();
  await expect(page.getByText("No recording was made of this call", { exact: false })).toHaveCount(0);
  await page.goto("/calls");

  // Answered, it is recorded and greeted, and Telnyx is asked to ring the user's phone (linked to
  // the caller's leg): that leg is answered, bridged, and both hang up.
  const greeted = await waitForCommands(page.request, callerLeg.callControlId, 3);
  expect(greeted.actions).toEqual(expect.arrayContaining(["answer", "record_start", "speak"]));
  const dial = await waitForDial(page.request, own.e164);
  expect(dial.body).toMatchObject({ from: ours.e164, link_to: callerLeg.callControlId });
  const userLeg = new CallLeg({
    callControlId: dial.callControlId,
    callSessionId: dial.callSessionId,
    from: ours.e164,
    to: own.e164,
    direction: "outgoing",
    clientState: String(dial.body.client_state),
  });
  await postVoiceWebhook(page.request, userLeg.initiated(at(3)));
  await postVoiceWebhook(page.request, userLeg.answered(at(8)));
  await postVoiceWebhook(page.request, callerLeg.bridged(at(8)));
  await postVoiceWebhook(page.request, callerLeg.hangup(at(50)));
  await postVoiceWebhook(page.request, userLeg.hangup(at(50), "normal_clearing", "callee"));

  await expect(row.getByText("Completed")).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText("0:42");

  await row.getByRole("link", { name: /Ada Lovelace/ }).click();
  await expect(page).toHaveURL(`/calls/${callId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Ada Lovelace" })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Call events" });
  await expect(timeline.getByText(`Incoming call from (312) 555-${caller.digits}`)).toBeVisible();
  // Switchboard answering the caller is a step; the call is answered when the user picks up,
  // the moment Details shows as "Answered".
  await expect(timeline.getByText("Switchboard answered", { exact: true })).toBeVisible();
  await expect(timeline.getByText("Answered: you picked up")).toBeVisible();
  await expect(timeline.getByText("Connected")).toBeVisible();
  await expect(timeline.getByText("Hung up", { exact: true })).toBeVisible();
  // The commands Switchboard sent are steps of the timeline.
  await expect(timeline.getByText("Recording started")).toBeVisible();
  await expect(timeline.getByText(`Rang your phone ((773) 555-${own.digits})`)).toBeVisible();
  await expect(timeline.getByText("Command sent to Telnyx.").first()).toBeVisible();
  await expect(timeline.getByText(/Not sent/)).toHaveCount(0);
  // No call.recording.saved came for this call: the page says there is no recording.
  await expect(page.getByText("No recording was made of this call, so there is no transcript or summary.")).toBeVisible();

  // The contact's timeline lists the call.
  const timelineData = await trpcQuery<{ items: Array<{ kind: string; id: string; status?: string }> }>(
    page.request,
    "contacts.timeline",
    { id: ada.id },
  );
  expect(timelineData.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "call", id: callId, status: "completed" })]));
  await page.goto(`/contacts/${ada.id}`);
  await expect(
    page.locator(`main a[href="/calls/${callId}"]`).or(page.getByRole("main").getByText(/inbound call/i)).first(),
  ).toBeVisible();
});

test("a missed call rings the bell; the notice opens the call and is marked read", async ({ page, browser }) => {
  const email = await signUp(page, "Bella Bell");
  const ours = uniqueNumber("628");
  const caller = uniqueNumber("646");
  // A member cannot add numbers; the owner assigns one.
  const refused = await page.request.post("/api/trpc/phoneNumbers.create", { data: { json: { number: ours.e164 } } });
  expect(refused.status()).toBe(403);
  await assignNumberAsOwner(browser, ours.e164, email, { connectionId: "1684641123236054244" });

  // A new account gets a welcome notice (from a background job): clear it with "Mark all read".
  await expect.poll(() => trpcQuery<number>(page.request, "notifications.unreadCount", undefined), { timeout: 15_000 }).toBe(1);
  await page.reload();
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await bell.click();
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications");
  await page.keyboard.press("Escape");
  const leg = new CallLeg({ from: caller.e164, to: ours.e164, direction: "incoming" });
  await postVoiceWebhook(page.request, leg.initiated(at(0)));
  await postVoiceWebhook(page.request, leg.hangup(at(9), "originator_cancel"));

  await page.reload();
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread", { timeout: 15_000 });
  await bell.click();
  // The notice names the caller in the account's region format, "(646) 555-0123".
  const notice = page.getByRole("button", { name: new RegExp(`Missed call from \\(646\\) 555-${caller.digits}`) });
  await expect(notice).toBeVisible();
  await notice.click();
  await expect(page).toHaveURL(/\/calls\/[^/]+$/);
  // The page names the caller the way the notice did.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`(646) 555-${caller.digits}`);
  await expect(page.getByRole("main").getByText("Missed").first()).toBeVisible();
  await expect(bell).toHaveAccessibleName("Notifications");

  // Unknown caller: create the contact from the call.
  await page.getByRole("button", { name: /Create contact/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("First name").fill("Carl");
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Carl", { timeout: 10_000 });
});

test("a text sent from a contact's conversation goes to Telnyx and shows in the thread, then delivered", async ({ page, browser }) => {
  const email = await signUp(page, "Tex Ter");
  const ours = uniqueNumber("510");
  const phone = uniqueNumber("202");
  await assignNumberAsOwner(browser, ours.e164, email, { messagingProfileId: "40017f8e-49bd-4f16-9e3d-ef103f916228" });
  const grace = await trpcMutation<{ id: string }>(page.request, "contacts.create", {
    firstName: "Grace",
    lastName: "Hopper",
    phones: [phone.e164],
  });

  // A contact without messages yet still opens an (empty) conversation.
  await page.goto(`/messages?contact=${grace.id}`);
  const conversation = page.getByRole("region", { name: "Conversation with Grace Hopper" });
  await expect(conversation.getByText("No messages with Grace Hopper yet.")).toBeVisible();

  const composer = conversation.getByRole("textbox", { name: "Message" });
  await composer.fill("Dinner on Friday?");
  await expect(conversation.getByText("17 / 1600")).toBeVisible();
  await composer.press("Enter");

  const messages = conversation.getByRole("list", { name: "Messages" });
  await expect(messages.getByText("Dinner on Friday?")).toBeVisible();
  await expect(composer).toHaveValue("");
  // Telnyx took it from the account's number (queued), then reports it delivered.
  const sent = (await fakeTelnyxRequests(page.request, { method: "POST", path: "/v2/messages" })).find((r) => r.body.to === phone.e164);
  expect(sent?.body).toMatchObject({ from: ours.e164, text: "Dinner on Friday?" });
  await expect(messages.getByText("Queued")).toBeVisible();
  const messageId = (sent!.response as { data: { id: string } }).data.id;
  await postMessagingWebhook(
    page.request,
    messageStatus("message.finalized", { messageId, from: ours.e164, to: phone.e164, status: "delivered", at: new Date(), text: "Dinner on Friday?" }),
  );
  await expect(messages.getByText("Delivered")).toBeVisible({ timeout: 15_000 });

  // The thread is listed, with the last message as its preview.
  const threads = page.getByRole("navigation", { name: "Conversations" });
  await expect(threads.getByRole("link", { name: /Grace Hopper/ })).toContainText("You: Dinner on Friday?");
});

test("webhooks with a bad signature, a tampered body or none are refused with 401", async ({ request }) => {
  const event = envelope("call.initiated", { call_control_id: "v3:e2e-bad", from: "+13125550100", to: "+14155550100", direction: "incoming" }, new Date());
  const rawBody = JSON.stringify(event);
  const headers = signTelnyxTestWebhook(rawBody);

  const tampered = await request.post("/api/webhooks/telnyx/voice", { data: rawBody.replace("+13125550100", "+13125550199"), headers });
  expect(tampered.status()).toBe(401);

  const badSignature = await request.post("/api/webhooks/telnyx/voice", {
    data: rawBody,
    headers: { ...headers, "telnyx-signature-ed25519": Buffer.alloc(64, 7).toString("base64") },
  });
  expect(badSignature.status()).toBe(401);

  const unsigned = await request.post("/api/webhooks/telnyx/messaging", { data: rawBody, headers: { "content-type": "application/json" } });
  expect(unsigned.status()).toBe(401);

  const stale = await request.post("/api/webhooks/telnyx/voice", { data: rawBody, headers: signTelnyxTestWebhook(rawBody, Math.floor(Date.now() / 1000) - 600) });
  expect(stale.status()).toBe(401);
});
