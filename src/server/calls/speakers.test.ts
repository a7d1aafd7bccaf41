import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf } from "~/test/errors";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

/** A mono recording's transcript: the diarizer's three voices, none of them known. */
const segments = [
  { speaker: 0, start: 0, end: 2.5, text: "Dr. Lee's office, how can I help?", confidence: 0.97 },
  { speaker: 1, start: 2.5, end: 5, text: "I'd like to move my appointment.", confidence: 0.95 },
  { speaker: 2, start: 5, end: 7, text: "I can do Thursday at ten.", confidence: 0.9 },
];

async function transcribedCall(userId: string, transcript: unknown[] | null = segments) {
  return t.db.call.create({
    data: {
      userId,
      direction: "outbound",
      status: "completed",
      fromNumber: "+14155550100",
      toNumber: "+13125550111",
      counterpartNumber: "+13125550111",
      transcriptText: transcript ? "Dr. Lee's office, how can I help?" : null,
      transcriptSegments: (transcript ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}

describe("calls.nameSpeaker", () => {
  it("names a transcript's speakers on the call, as calls.get shows them; a blank name clears one", async () => {
    const user = await createTestUser(t.db);
    const call = await transcribedCall(user.id);
    const api = await callerFor(t.db, user);
    expect((await api.calls.get({ id: call.id })).speakerNames).toEqual({});

    // Named at the same moment, both names stay (one statement each, not read-then-write).
    const [first, second] = await Promise.all([
      api.calls.nameSpeaker({ id: call.id, speaker: 0, name: "  Receptionist  " }),
      api.calls.nameSpeaker({ id: call.id, speaker: 2, name: "Dr.   Lee" }),
    ]);
    expect(first.speakerNames["0"]).toBe("Receptionist");
    expect(second.speakerNames["2"]).toBe("Dr. Lee");
    expect((await api.calls.get({ id: call.id })).speakerNames).toEqual({ "0": "Receptionist", "2": "Dr. Lee" });

    await expect(api.calls.nameSpeaker({ id: call.id, speaker: 0, name: "Front desk" })).resolves.toEqual({
      id: call.id,
      speakerNames: { "0": "Front desk", "2": "Dr. Lee" },
    });
    await expect(api.calls.nameSpeaker({ id: call.id, speaker: 2, name: "   " })).resolves.toEqual({
      id: call.id,
      speakerNames: { "0": "Front desk" },
    });
    expect((await t.db.call.findUniqueOrThrow({ where: { id: call.id } })).speakerNames).toEqual({ "0": "Front desk" });
  });

  it("refuses a speaker the transcript does not have, a call without a transcript and a name over the limit", async () => {
    const user = await createTestUser(t.db);
    const call = await transcribedCall(user.id);
    const untranscribed = await transcribedCall(user.id, null);
    const api = await callerFor(t.db, user);

    expect(await fieldErrorsOf(api.calls.nameSpeaker({ id: call.id, speaker: 3, name: "Nobody" }))).toEqual({
      speaker: ["This call's transcript has no speaker 4."],
    });
    expect(await fieldErrorsOf(api.calls.nameSpeaker({ id: untranscribed.id, speaker: 0, name: "Ada" }))).toEqual({
      speaker: ["This call's transcript has no speaker 1."],
    });
    expect(await fieldErrorsOf(api.calls.nameSpeaker({ id: call.id, speaker: -1, name: "Ada" }))).toEqual({
      speaker: ["Not a speaker number."],
    });
    expect(await fieldErrorsOf(api.calls.nameSpeaker({ id: call.id, speaker: 0, name: "x".repeat(FIELD_LIMITS.speakerName + 1) }))).toEqual({
      name: [`Use at most ${FIELD_LIMITS.speakerName} characters.`],
    });
    // At the limit it is taken.
    const longest = "x".repeat(FIELD_LIMITS.speakerName);
    expect((await api.calls.nameSpeaker({ id: call.id, speaker: 1, name: longest })).speakerNames).toEqual({ "1": longest });
    expect((await t.db.call.findUniqueOrThrow({ where: { id: untranscribed.id } })).speakerNames).toEqual({});
  });

  it("is refused on another user's call, which keeps its names", async () => {
    const owner = await createTestUser(t.db);
    const stranger = await createTestUser(t.db);
    const call = await transcribedCall(owner.id);
    await (await callerFor(t.db, owner)).calls.nameSpeaker({ id: call.id, speaker: 1, name: "Me" });

    const api = await callerFor(t.db, stranger);
    await expect(api.calls.nameSpeaker({ id: call.id, speaker: 1, name: "Mallory" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.calls.nameSpeaker({ id: call.id, speaker: 1, name: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await t.db.call.findUniqueOrThrow({ where: { id: call.id } })).speakerNames).toEqual({ "1": "Me" });
  });
});
