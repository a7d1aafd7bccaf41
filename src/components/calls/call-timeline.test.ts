import { describe, expect, it } from "vitest";
import { deliveryText, sameSelection, selectionFromParams } from "~/components/messages/message-meta";
import { formatPhone } from "~/lib/format";
import { transcriptSpeakers } from "./call-meta";
import { describeEvent } from "./call-timeline";

const at = new Date("2026-11-20T15:00:00.000Z");
const event = (eventType: string, payload: unknown, direction: "inbound" | "outbound" = "inbound") =>
  describeEvent({ id: "e1", eventType, occurredAt: at, payload }, { direction, formatPhone: (v) => formatPhone(v) });

describe("call timeline in plain language", () => {
  it("names Telnyx's events by leg", () => {
    expect(event("call.initiated", { leg: "caller", from: "+13125550100" })).toMatchObject({ kind: "provider", title: "Incoming call from +1 312 555 0100" });
    expect(event("call.answered", { leg: "caller" }).title).toBe("Switchboard answered");
    expect(event("call.answered", { leg: "user" }).title).toBe("Answered: you picked up");
    expect(event("call.bridged", { leg: "caller" }).title).toBe("Connected");
    expect(event("call.hangup", { leg: "caller", hangupCause: "originator_cancel", hangupSource: "caller" })).toMatchObject({
      title: "Hung up",
      detail: "The caller hung up before an answer, by the caller",
      tone: "warning",
    });
    expect(event("call.recording.saved", { leg: "caller", recording: { channels: "dual" } }).title).toBe("Recording saved");
    expect(event("call.machine.premium.detection.ended", {}).title).toBe("Machine premium detection ended");
  });

  it("calls only the answer Details shows 'Answered': your phone inbound, the contact outbound", () => {
    // Inbound: Switchboard answering the caller (greeting, voicemail) is not the call's answer.
    expect(event("call.answered", { leg: "caller" }, "inbound")).toMatchObject({ title: "Switchboard answered", tone: "default" });
    expect(event("call.answered", { leg: "user" }, "inbound")).toMatchObject({ title: "Answered: you picked up", tone: "success" });
    // Outbound: your phone rings first; the call is answered when the contact picks up.
    expect(event("call.answered", { leg: "user" }, "outbound")).toMatchObject({ title: "You picked up", tone: "default" });
    expect(event("call.answered", { leg: "contact" }, "outbound")).toMatchObject({ title: "Answered: the contact picked up", tone: "success" });
  });

  it("formats numbers the way the user reads them", () => {
    const national = describeEvent(
      { id: "e1", eventType: "call.initiated", occurredAt: at, payload: { leg: "caller", from: "+13125550100" } },
      { direction: "inbound", formatPhone: (v) => formatPhone(v, "US") },
    );
    expect(national.title).toBe("Incoming call from (312) 555-0100");
  });

  it("says what Switchboard did, or why it could not", () => {
    expect(event("intent.record_start", { status: "sent" })).toMatchObject({ kind: "intent", title: "Recording started", tone: "default" });
    expect(event("intent.speak_greeting", { status: "sent" }).title).toBe("Greeting spoken");
    expect(event("intent.answer", { status: "not_sent", reason: "not sent: TELNYX_API_KEY not set" })).toMatchObject({
      title: "Answer the call",
      detail: "Not sent: TELNYX_API_KEY not set",
      tone: "warning",
    });
    expect(event("intent.dial_user", { status: "rejected", to: "+13125550111", error: "Telnyx 422: bad number" })).toMatchObject({
      title: "Ring your phone (+1 312 555 0111)",
      detail: "Rejected by Telnyx: Telnyx 422: bad number",
      tone: "error",
    });
  });
});

describe("transcript speakers", () => {
  const phone = (v: string | null | undefined) => formatPhone(v, "US");
  const contact = { id: "c1", firstName: "Maya", lastName: "Chen" };
  const recorded = (channels: string) => [{ id: "e1", eventType: "call.recording.saved", occurredAt: at, payload: { recording: { channels } } }];
  const names = (speakers: ReturnType<typeof transcriptSpeakers>, numbers: number[]) => numbers.map((n) => speakers(n).name);

  it("names a dual-channel recording's sides: the contact (or their number) on the first, you on the second", () => {
    const call = { contact, counterpartNumber: "+14155550134", status: "completed", events: recorded("dual"), speakerNames: {} };
    expect(names(transcriptSpeakers(call, phone), [0, 1])).toEqual(["Maya Chen", "You"]);
    const unknown = { ...call, contact: null };
    expect(names(transcriptSpeakers(unknown, phone), [0, 1])).toEqual(["(415) 555-0134", "You"]);
    // A voicemail's second side is Switchboard's greeting, not the user.
    const voicemail = { ...call, status: "voicemail" };
    expect(names(transcriptSpeakers(voicemail, phone), [0, 1])).toEqual(["Maya Chen", "Switchboard"]);
  });

  it("keeps the diarizer's numbering when the recording is not one side per channel", () => {
    const call = { contact, counterpartNumber: "+14155550134", status: "completed", events: recorded("single"), speakerNames: {} };
    expect(names(transcriptSpeakers(call, phone), [0, 1, 2])).toEqual(["Speaker 1", "Speaker 2", "Speaker 3"]);
  });

  it("lets the user name only the speakers the call does not name, and uses those names", () => {
    const speakerNames = { "0": "Front desk", "1": "Not me", "2": "Dr. Lee" };
    const mono = transcriptSpeakers({ contact, counterpartNumber: "+14155550134", status: "completed", events: recorded("single"), speakerNames }, phone);
    expect([0, 1, 2, 3].map(mono)).toEqual([
      { name: "Front desk", unnamed: "Speaker 1" },
      { name: "Not me", unnamed: "Speaker 2" },
      { name: "Dr. Lee", unnamed: "Speaker 3" },
      { name: "Speaker 4", unnamed: "Speaker 4" },
    ]);
    // Dual channel: a caller with no contact is unknown; the contact and you are not renamed.
    const dual = { contact: null, counterpartNumber: "+14155550134", status: "completed", events: recorded("dual"), speakerNames };
    expect([0, 1].map(transcriptSpeakers(dual, phone))).toEqual([
      { name: "Front desk", unnamed: "(415) 555-0134" },
      { name: "You", unnamed: null },
    ]);
    expect(transcriptSpeakers({ ...dual, contact }, phone)(0)).toEqual({ name: "Maya Chen", unnamed: null });
  });

  it("names the receptionist's live transcript: the caller first, then the agent by its own name, never You", () => {
    const call = { contact, counterpartNumber: "+14155550134", status: "completed", events: recorded("dual"), speakerNames: { "1": "Robin" }, transcriptProvider: "voice-agent" };
    expect([0, 1].map(transcriptSpeakers(call, phone))).toEqual([
      { name: "Maya Chen", unnamed: null },
      { name: "Robin", unnamed: null },
    ]);
    // Unnamed agent, unknown caller (whom the user may name), whatever the recording's channels.
    const unknown = { ...call, contact: null, events: [], speakerNames: { "0": "Front desk" } };
    expect([0, 1].map(transcriptSpeakers(unknown, phone))).toEqual([
      { name: "Front desk", unnamed: "(415) 555-0134" },
      { name: "Receptionist", unnamed: null },
    ]);
  });
});

describe("message helpers", () => {
  it("explains delivery, and a text that was not sent once", () => {
    expect(deliveryText({ deliveryStatus: "delivered", errorDetail: null })).toEqual({ text: "Delivered", tone: "success" });
    expect(deliveryText({ deliveryStatus: "not_sent", errorDetail: "not sent: TELNYX_API_KEY not set" })).toEqual({
      text: "Not sent: TELNYX_API_KEY not set",
      tone: "warning",
    });
    expect(deliveryText({ deliveryStatus: "delivery_failed", errorDetail: "30003: Unreachable" }).text).toBe("Not delivered: 30003: Unreachable");
  });

  it("reads the open thread from the URL", () => {
    expect(selectionFromParams(new URLSearchParams("contact=c1"))).toEqual({ contactId: "c1" });
    expect(selectionFromParams(new URLSearchParams("number=%2B13125550100"))).toEqual({ number: "+13125550100" });
    expect(selectionFromParams(new URLSearchParams("number=+13125550100"))).toEqual({ number: "+13125550100" });
    expect(selectionFromParams(new URLSearchParams(""))).toBeNull();
    expect(sameSelection({ number: "+1 (312) 555-0100" }, { number: "+13125550100" })).toBe(true);
    expect(sameSelection({ contactId: "c1" }, { number: "+13125550100" })).toBe(false);
  });
});
