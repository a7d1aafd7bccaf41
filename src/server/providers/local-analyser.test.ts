import { describe, expect, it } from "vitest";
import { DEFAULT_CALL_SCRIPT } from "~/test/fakes/deepgram";
import { analyseLocally, createLocalAnalyser } from "./local-analyser";
import type { AnalysisInput, TranscriptSegment } from "./types";

function call(lines: [speaker: number, text: string][], overrides: Partial<AnalysisInput> = {}): AnalysisInput {
  const segments: TranscriptSegment[] = lines.map(([speaker, text], i) => ({ speaker, start: i * 5, end: i * 5 + 4, text, confidence: 0.95 }));
  return {
    transcript: segments.map((s) => s.text).join("\n"),
    segments,
    direction: "inbound",
    // Wednesday 4 March 2026, 10:00 in New York.
    startedAt: new Date("2026-03-04T15:00:00Z"),
    timeZone: "America/New_York",
    userName: "Alex Doe",
    contactName: "Sam Lee",
    ...overrides,
  };
}

const renewal = call(DEFAULT_CALL_SCRIPT.map((u) => [u.channel, u.transcript]));

const complaint = call([
  [0, "Hello, this is Switchboard support, how can I help?"],
  [1, "I'm calling because my order arrived broken again and I'm really angry about it."],
  [1, "This is the third time. The packaging was terrible and the screen is cracked."],
  [0, "I'm sorry to hear that, that's a bad experience."],
  [1, "I want a refund, not another replacement. I'm disappointed and frustrated with your service."],
  [0, "Understood. I'll process the refund today and email you the confirmation."],
  [1, "Fine. If it doesn't happen I will file a complaint."],
  // Courtesy at the end does not make the call any less of a complaint.
  [1, "Thanks for your help, I appreciate it. Take care."],
]);

const planning = call([
  [0, "Hi Sam, quick call about the office move and the quarterly budget."],
  [1, "Sure. The office move is planned for April and the movers need a deposit."],
  [0, "Okay. We need to review the quarterly budget next week before we pay the movers."],
  [1, "Can you send me the floor plan for the new office?"],
  [0, "Yes. Remind me to call the landlord tomorrow about the office keys."],
  [1, "The quarterly budget has room for the move if we delay the new laptops."],
  [0, "Let's book the movers whenever the deposit clears. I'll talk to you later."],
]);

describe("local analyser", () => {
  it("labels itself and is deterministic", async () => {
    const analyser = createLocalAnalyser();
    expect(analyser.provider).toBe("local");
    expect(analyser.promptVersion).toBe("local-v1");
    const first = await analyser.analyze(planning);
    expect(first).toEqual(await analyser.analyze(planning));
    expect(first.provider).toBe("local");
    expect(first.promptVersion).toBe("local-v1");
  });

  it("summarises a short call with one of its sentences, and finds the promise with its deadline", () => {
    const analysis = analyseLocally(renewal);
    expect(analysis.summary.length).toBeGreaterThan(20);
    for (const sentence of analysis.summary.split(/(?<=[.!?])\s+/)) expect(renewal.transcript).toContain(sentence);
    expect(analysis.sentiment.label).toBe("positive");
    expect(analysis.sentiment.score).toBeGreaterThan(0.25);
    // "by Friday" from Wednesday 4 March: Friday 6 March, 17:00 New York (EST) = 22:00 UTC.
    expect(analysis.actionItems).toEqual([
      { text: "Send Sam the contract by Friday", dueHint: "by Friday", dueAt: "2026-03-06T22:00:00.000Z", priority: "medium" },
    ]);
    expect(analysis.topics).toEqual(expect.arrayContaining(["contract", "renewal"]));
    expect(analysis.topics).not.toContain("sam");
    expect(analysis.important).toBe(false);
  });

  it("resolves due hints in the user's zone, not the server's", () => {
    // Thursday 5 March 23:30 UTC is Friday morning in Tokyo but Thursday afternoon in Los Angeles.
    const promise = call([[1, "I'll call you back tomorrow with the numbers."]], { startedAt: new Date("2026-03-05T23:30:00Z") });
    const tokyo = analyseLocally({ ...promise, timeZone: "Asia/Tokyo" });
    const la = analyseLocally({ ...promise, timeZone: "America/Los_Angeles" });
    expect(tokyo.actionItems[0]).toMatchObject({ dueHint: "tomorrow", dueAt: "2026-03-07T08:00:00.000Z" }); // Sat 17:00 JST
    expect(la.actionItems[0]).toMatchObject({ dueHint: "tomorrow", dueAt: "2026-03-07T01:00:00.000Z" }); // Fri 17:00 PST
  });

  it("reads a complaint as negative and important, with the agent's promise as a high-priority item", () => {
    const analysis = analyseLocally(complaint);
    expect(analysis.sentiment.label).toBe("negative");
    expect(analysis.sentiment.score).toBeLessThan(-0.25);
    expect(analysis.important).toBe(true);
    expect(analysis.actionItems.map((i) => i.text)).toContain("Process the refund today and email Sam the confirmation");
    const refund = analysis.actionItems.find((i) => i.text.startsWith("Process the refund"));
    expect(refund).toMatchObject({ dueHint: "today", priority: "high" });
    expect(analysis.summary.split(/(?<=[.!?])\s+/).length).toBeGreaterThanOrEqual(2);
  });

  it("finds requests and reminders, skips pleasantries, and names the repeated subjects", () => {
    const analysis = analyseLocally(planning);
    expect(analysis.actionItems.map(({ text, dueHint, priority }) => ({ text, dueHint, priority }))).toEqual([
      { text: "Review the quarterly budget next week before we pay the movers", dueHint: "next week", priority: "medium" },
      { text: "Send Sam the floor plan for the new office", dueHint: null, priority: "medium" },
      { text: "Call the landlord tomorrow about the office keys", dueHint: "tomorrow", priority: "high" },
      { text: "Book the movers whenever the deposit clears", dueHint: null, priority: "low" },
    ]);
    expect(analysis.actionItems[2]?.dueAt).toBe("2026-03-05T22:00:00.000Z");
    expect(analysis.topics.slice(0, 2)).toEqual(expect.arrayContaining(["quarterly budget", "office move"]));
    expect(analysis.summary).toContain("quarterly budget");
  });

  it("answers a call without speech without inventing anything", () => {
    const analysis = analyseLocally(call([]));
    expect(analysis).toMatchObject({ summary: "No speech was transcribed.", actionItems: [], topics: [], important: false });
    expect(analysis.sentiment).toEqual({ label: "neutral", score: 0 });
  });

  it("uses the plain transcript when there are no segments", () => {
    const analysis = analyseLocally({ ...renewal, segments: [] });
    expect(analysis.actionItems.map((i) => i.dueHint)).toEqual(["by Friday"]);
  });

  it("is fast on an hour-long call", () => {
    const long = call(Array.from({ length: 1_500 }, (_, i) => [i % 2, planning.segments[i % planning.segments.length]!.text] as [number, string]));
    const started = performance.now();
    analyseLocally(long);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("local analyser: items are the user's own tasks", () => {
  const items = (lines: [number, string][], contactName: string | null = "Maya Patel") =>
    analyseLocally(call(lines, { contactName })).actionItems.map((item) => item.text);

  it("names the other party where the sentence said you or me", () => {
    expect(items([[0, "I'll send you the revised proposal by Friday."]])).toEqual(["Send Maya the revised proposal by Friday"]);
    expect(items([[0, "I will get back to you tomorrow with your quote."]])).toEqual(["Get back to Maya tomorrow with Maya's quote"]);
    expect(items([[0, "I'll let you know when the parts arrive."]])).toEqual(["Let Maya know when the parts arrive"]);
    // A request made of the user: "me" is the one asking, "your" the user's own.
    expect(items([[1, "Could you send me your availability for next week?"]])).toEqual(["Send Maya my availability for next week"]);
    expect(items([[1, "Please email me the signed copy."]])).toEqual(["Email Maya the signed copy"]);
    expect(items([[1, "Send me the invoice."]])).toEqual(["Send Maya the invoice"]);
  });

  it("says them without a contact, and keeps sentences without pronouns as they were", () => {
    expect(items([[0, "I'll send you the invoice today."]], null)).toEqual(["Send them the invoice today"]);
    expect(items([[0, "Remind me to call the landlord about the keys."]])).toEqual(["Call the landlord about the keys"]);
    // A contact named after their number (created from a call) keeps the whole number.
    expect(items([[0, "I'll text you the address."]], "+1 415 555 0134")).toEqual(["Text +1 415 555 0134 the address"]);
  });
});

describe("local analyser: vague promises and sentiment words", () => {
  it("ignores a promise whose object is only a pronoun and keeps feelings out of the topics", () => {
    const result = analyseLocally(
      call([
        [0, "Can you include the onboarding timeline for the new clinic?"],
        [1, "Yes, I will add it. I'll send you the revised proposal by Friday."],
        [0, "Honestly I'm frustrated, the proposal was late and frustrated the clinic team."],
      ]),
    );
    expect(result.actionItems.map((item) => item.text)).toEqual(["Send Sam the revised proposal by Friday"]);
    expect(result.topics).not.toContain("frustrated");
  });
});
