import { describe, expect, it } from "vitest";
import { RRF_K } from "./calls";
import { fuseRankings, TYPE_BOOSTS } from "./fusion";
import type { SearchType } from "./schemas";
import type { Ranking } from "./sources/source";

const text = (name: string, ids: string[], weight = 1): Ranking => ({ name, method: "text", weight, ids });
const meaning = (name: string, rows: [string, number][]): Ranking => ({
  name,
  method: "vector",
  weight: 1,
  ids: rows.map(([id]) => id),
  distances: rows.map(([, distance]) => distance),
});
const fuse = (byType: [SearchType, Ranking[]][]) => fuseRankings(new Map(byType));
const ids = (fused: ReturnType<typeof fuse>, type: SearchType) => fused.get(type)!.map((row) => row.id);

describe("fuseRankings", () => {
  it("adds a type's rankings by reciprocal rank, weighted and boosted", () => {
    const fused = fuse([["task", [text("words", ["a", "b", "c"]), text("other", ["c", "b"], 0.5)]]]);
    expect(ids(fused, "task")).toEqual(["b", "c", "a"]);
    const b = fused.get("task")!.find((row) => row.id === "b")!;
    expect(b.score).toBeCloseTo(TYPE_BOOSTS.task * (1 / (RRF_K + 2) + 0.5 / (RRF_K + 2)));
    expect([...b.matchedBy].sort()).toEqual(["other", "words"]);
  });

  it("ranks meaning across types by distance, so a far call does not tie a near task", () => {
    const fused = fuse([
      ["call", [meaning("sense", [["call-far", 0.85]])]],
      ["task", [meaning("meaning", [["task-near", 0.3]])]],
    ]);
    const call = fused.get("call")![0]!;
    const task = fused.get("task")![0]!;
    expect(task.score).toBeCloseTo(TYPE_BOOSTS.task / (RRF_K + 1));
    expect(call.score).toBeCloseTo(TYPE_BOOSTS.call / (RRF_K + 2));
  });

  it("counts a row found by two rankings by meaning once, at its nearest, with both names", () => {
    const fused = fuse([
      ["call", [meaning("sense", [["c1", 0.6], ["c2", 0.7]]), meaning("moment", [["c1", 0.4]]), text("words", ["c2"])]],
      ["message", [meaning("meaning", [["m1", 0.5]])]],
    ]);
    const c1 = fused.get("call")!.find((row) => row.id === "c1")!;
    // c1 at 0.4 is first across types (m1 at 0.5 second, c2 at 0.7 third), once.
    expect(c1.score).toBeCloseTo(TYPE_BOOSTS.call / (RRF_K + 1));
    expect([...c1.matchedBy].sort()).toEqual(["moment", "sense"]);
    const c2 = fused.get("call")!.find((row) => row.id === "c2")!;
    expect(c2.score).toBeCloseTo(TYPE_BOOSTS.call * (1 / (RRF_K + 3) + 1 / (RRF_K + 1)));
    expect(fused.get("message")![0]!.score).toBeCloseTo(TYPE_BOOSTS.message / (RRF_K + 2));
  });

  it("keeps a type with no hits as an empty list", () => {
    expect(fuse([["event", []]]).get("event")).toEqual([]);
  });
});
