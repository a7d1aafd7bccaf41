import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUp } from "./fixtures/accounts";
import { assignNumberAsOwner } from "./fixtures/owner";
import { signTelnyxTestWebhook } from "./fixtures/telnyx-test-key";
import { trpcMutation, trpcQuery } from "./fixtures/trpc";

/**
 * Telephony end to end: signed Telnyx webhooks posted to the running app (verified with the
 * suite's test-only key, stored, processed by the worker) show up in the UI; texts sent without
 * TELNYX_API_KEY say so.
 */

/** A US number in 415-555-xxxx, unique enough across reruns against the same e2e database. */
function uniqueNumber(prefix: string) {
  const digits = String(Date.now() % 10_000).padStart(4, "0");
  return { e164: `+1${prefix}555${digits}`, digits };
}

function envelope(eventType: string, payload: Record<string, unknown>, occurredAt: Date) {
  return {
    data: { event_type: eventType, id: randomUUID(), occurred_at: occurredAt.toISOString(), record_type: "event", payload },
    meta: { attempt: 1, delivered_to: "http://localhost/api/webhooks/telnyx/voice" },
  };
}

const T0 = Date.now() - 120_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** One call leg as Telnyx reports it (client_state echoed once set, as Telnyx does). */
function callLeg(options: { from: string; to: string; direction: "incoming" | "outgoing"; session?: string; clientState?: string }) {
  const n = randomUUID();
  const base = {
    call_control_id: `v3:e2e-${n}`,
    call_leg_id: `leg-${n}`,
    call_session_id: options.session ?? `session-${n}`,
    connection_id: "1684641123236054244",
    from: options.from,
    to: options.to,
    direction: options.direction,
    client_state: options.clientState ?? null,
  };
  let start: Date | null = null;
  return {
    session: base.call_session_id,
    initiated: (s: number) => {
      start = at(s);
      return envelope("call.initiated", { ...base, start_time: start.toISOString(), state: "parked" }, at(s));
    },
    answered: (s: number) => envelope("call.answered", { ...base, start_time: (start ?? at(s)).toISOString(), state: "answered" }, at(s)),
    bridged: (s: number) => envelope("call.bridged", { ...base, state: "bridged" }, at(s)),
    hangup: (s: number, cause = "normal_clearing", source = "caller") =>
      envelope(
        "call.hangup",
        { ...base, hangup_cause: cause, hangup_source: source, start_time: (start ?? at(s)).toISOString(), end_time: at(s).toISOString(), state: "hangup" },
        at(s),
      ),
  };
}

/** The client_state Switchboard attaches to a leg it dials (Telnyx echoes it back). */
function clientState(callId: string, leg: "caller" | "user" | "contact") {
  return Buffer.from(JSON.stringify({ v: 1, c: callId, l: leg }), "utf8").toString("base64");
}

async function postVoiceWebhook(request: APIRequestContext, event: unknown) {
  const rawBody = JSON.stringify(event);
  const response = await request.post("/api/webhooks/telnyx/voice", { data: rawBody, headers: signTelnyxTestWebhook(rawBody) });
  expect(response.status(), await response.text()).toBe(200);
}

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

  // Telnyx: the caller's leg arrives; Switchboard answers it (greeting, recording) ...
  const callerLeg = callLeg({ from: caller.e164, to: ours.e164, direction: "incoming" });
  await postVoiceWebhook(page.request, callerLeg.initiated(0));
  await postVoiceWebhook(page.request, callerLeg.answered(2));

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

  // The forwarded leg to the user's own phone is answered, bridged, and both hang up.
  const userLeg = callLeg({ from: ours.e164, to: "+13125550111", direction: "outgoing", session: callerLeg.session, clientState: clientState(callId, "user") });
  await postVoiceWebhook(page.request, userLeg.initiated(3));
  await postVoiceWebhook(page.request, userLeg.answered(8));
  await postVoiceWebhook(page.request, callerLeg.bridged(8));
  await postVoiceWebhook(page.request, callerLeg.hangup(50));
  await postVoiceWebhook(page.request, userLeg.hangup(50, "normal_clearing", "callee"));

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
  // Without TELNYX_API_KEY the commands are on the timeline as not sent, saying why.
  await expect(timeline.getByText("Answer the call")).toBeVisible();
  await expect(timeline.getByText("Not sent: TELNYX_API_KEY not set").first()).toBeVisible();
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
  const leg = callLeg({ from: caller.e164, to: ours.e164, direction: "incoming" });
  await postVoiceWebhook(page.request, leg.initiated(0));
  await postVoiceWebhook(page.request, leg.hangup(9, "originator_cancel"));

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

test("a text sent from a contact's conversation shows in the thread as not sent without TELNYX_API_KEY", async ({ page }) => {
  await signUp(page, "Tex Ter");
  const phone = uniqueNumber("202");
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
  await expect(messages.getByText("Not sent: TELNYX_API_KEY not set")).toBeVisible();
  await expect(composer).toHaveValue("");

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
