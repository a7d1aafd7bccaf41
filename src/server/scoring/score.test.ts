import { describe, expect, it } from "vitest";
import {
  computeRelationshipScore,
  insightsFor,
  recencyScore,
  trendFrom,
  type ScoreInputs,
  type ScoringCall,
} from "./score";

const now = new Date("2030-06-01T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

const call = (days: number, overrides: Partial<ScoringCall> = {}): ScoringCall => ({
  startedAt: daysAgo(days),
  durationSeconds: 300,
  sentimentScore: null,
  status: "completed",
  direction: "outbound",
  ...overrides,
});

const inputs = (overrides: Partial<ScoreInputs> = {}): ScoreInputs => ({
  calls: [],
  messages: [],
  tasks: [],
  events: [],
  earlierInteractionAt: null,
  previous: null,
  ...overrides,
});

describe("computeRelationshipScore", () => {
  it("scores a contact never in touch 0 in every component", () => {
    expect(computeRelationshipScore(inputs(), now)).toEqual({
      score: 0,
      components: { recency: 0, frequency: 0, duration: 0, sentiment: 0, engagement: 0 },
      trend: "stable",
      lastInteractionAt: null,
    });
  });

  it("weighs the components 25/25/15/20/15", () => {
    // Two 5-minute positive calls this week, both sides calling, one open task.
    const result = computeRelationshipScore(
      inputs({
        calls: [call(1, { sentimentScore: 1 }), call(2, { sentimentScore: 1, direction: "inbound" })],
        tasks: [{ status: "todo", completedAt: null }],
      }),
      now,
    );
    expect(result.components).toEqual({ recency: 100, frequency: 30, duration: 100, sentiment: 100, engagement: 30 });
    expect(result.score).toBe(Math.round(100 * 0.25 + 30 * 0.25 + 100 * 0.15 + 100 * 0.2 + 30 * 0.15));
  });

  it("counts only calls that connected, and a day of texts as half a call", () => {
    const missed = computeRelationshipScore(inputs({ calls: [call(1, { status: "missed", durationSeconds: 0 })] }), now);
    expect(missed.components).toMatchObject({ recency: 0, frequency: 0 });
    const texts = computeRelationshipScore(
      inputs({
        messages: [
          { createdAt: daysAgo(3), direction: "inbound", deliveryStatus: "received" },
          { createdAt: new Date(daysAgo(3).getTime() + 60_000), direction: "outbound", deliveryStatus: "delivered" },
          { createdAt: daysAgo(4), direction: "outbound", deliveryStatus: "not_sent" },
        ],
      }),
      now,
    );
    expect(texts.components.frequency).toBe(8); // one day of texts: 15 / 2, rounded
    expect(texts.lastInteractionAt).toEqual(new Date(daysAgo(3).getTime() + 60_000));
  });

  it("gives recent calls more frequency than older ones, and ignores calls outside 90 days or in the future", () => {
    const recent = computeRelationshipScore(inputs({ calls: [call(5), call(10)] }), now);
    const older = computeRelationshipScore(inputs({ calls: [call(45), call(60)] }), now);
    const outside = computeRelationshipScore(inputs({ calls: [call(120), call(-2)] }), now);
    expect(recent.components.frequency).toBe(30);
    expect(older.components.frequency).toBe(10);
    expect(outside.components.frequency).toBe(0);
  });

  it("caps each call's length at five minutes for duration, leaving voicemails out", () => {
    const result = computeRelationshipScore(
      inputs({ calls: [call(1, { durationSeconds: 3600 }), call(2, { durationSeconds: 30 }), call(3, { status: "voicemail", durationSeconds: 20 })] }),
      now,
    );
    expect(result.components.duration).toBe(Math.round(((300 + 30) / 2 / 300) * 100));
  });

  it("treats unanalysed conversations as neutral and weighs the last 30 days' sentiment double", () => {
    expect(computeRelationshipScore(inputs({ calls: [call(1)] }), now).components.sentiment).toBe(50);
    const result = computeRelationshipScore(
      inputs({ calls: [call(1, { sentimentScore: 1 }), call(60, { sentimentScore: -1 })] }),
      now,
    );
    expect(result.components.sentiment).toBe(Math.round((2 * 100 + 1 * 0) / 3));
  });

  it("counts open tasks, tasks done in the window, events and both sides reaching out as engagement", () => {
    const result = computeRelationshipScore(
      inputs({
        tasks: [
          { status: "in_progress", completedAt: null },
          { status: "done", completedAt: daysAgo(10) },
          { status: "done", completedAt: daysAgo(200) },
          { status: "canceled", completedAt: null },
        ],
        events: [daysAgo(20), daysAgo(-10), daysAgo(-60)],
        messages: [
          { createdAt: daysAgo(2), direction: "inbound", deliveryStatus: "received" },
          { createdAt: daysAgo(2), direction: "outbound", deliveryStatus: "sent" },
        ],
      }),
      now,
    );
    expect(result.components.engagement).toBe(10 + 5 + 2 * 10 + 20);
  });

  it("keeps recency from before the window", () => {
    const result = computeRelationshipScore(inputs({ earlierInteractionAt: daysAgo(120) }), now);
    expect(result.components.recency).toBe(17);
    expect(result.lastInteractionAt).toEqual(daysAgo(120));
  });
});

describe("recencyScore", () => {
  it("follows the reference's steps, joined linearly", () => {
    expect(recencyScore(null, now)).toBe(0);
    expect(recencyScore(daysAgo(0), now)).toBe(100);
    expect(recencyScore(daysAgo(7), now)).toBe(100);
    expect(recencyScore(daysAgo(14), now)).toBe(80);
    expect(recencyScore(daysAgo(22), now)).toBe(70);
    expect(recencyScore(daysAgo(30), now)).toBe(60);
    expect(recencyScore(daysAgo(90), now)).toBe(20);
    expect(recencyScore(daysAgo(400), now)).toBe(10);
  });
});

describe("trendFrom", () => {
  it("is up or down only beyond ±5, stable for a first score, and unchanged when the score is", () => {
    expect(trendFrom(50, null)).toBe("stable");
    expect(trendFrom(56, { score: 50, trend: "stable" })).toBe("up");
    expect(trendFrom(55, { score: 50, trend: "down" })).toBe("stable");
    expect(trendFrom(44, { score: 50, trend: "stable" })).toBe("down");
    expect(trendFrom(50, { score: 50, trend: "up" })).toBe("up");
  });
});

describe("insightsFor", () => {
  it("says never in touch and open tasks", () => {
    expect(insightsFor(inputs({ tasks: [{ status: "todo", completedAt: null }] }), now)).toEqual([
      { kind: "not_in_touch", days: null },
      { kind: "open_tasks", count: 1 },
    ]);
  });

  it("says how long since the last contact past 30 days", () => {
    expect(insightsFor(inputs({ calls: [call(45)] }), now)).toEqual([{ kind: "not_in_touch", days: 45 }]);
    expect(insightsFor(inputs({ calls: [call(29)] }), now)).toEqual([]);
  });

  it("finds long calls and a streak of clearly positive or negative calls", () => {
    const calls = [
      call(1, { sentimentScore: -0.6, durationSeconds: 25 * 60 }),
      call(3, { sentimentScore: -0.3 }),
      call(5, { sentimentScore: -0.9 }),
      call(8, { sentimentScore: 0.8 }),
    ];
    expect(insightsFor(inputs({ calls }), now)).toEqual([
      { kind: "long_calls", count: 1 },
      { kind: "sentiment_streak", sentiment: "negative", calls: 3 },
    ]);
    const broken = calls.map((c, i) => (i === 1 ? { ...c, sentimentScore: 0 } : c));
    expect(insightsFor(inputs({ calls: broken }), now)).toEqual([{ kind: "long_calls", count: 1 }]);
  });
});
