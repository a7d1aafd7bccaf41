import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { indexState, SearchIndexSummary, type SearchIndexStatus } from "./search-index-card";

/** The text a reader sees (tags dropped). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

const status = (indexed: number[], job: SearchIndexStatus["job"]): SearchIndexStatus => {
  const totals = [120, 4, 1500, 30, 12, 3];
  const types = (["contact", "message", "task", "event", "reminder", "call"] as const).map((type, i) => ({ type, total: totals[i]!, indexed: indexed[i]! }));
  return {
    model: "local:hash-ngram-v1",
    types,
    total: types.reduce((sum, t) => sum + t.total, 0),
    indexed: types.reduce((sum, t) => sum + t.indexed, 0),
    job,
  };
};

describe("SearchIndexSummary", () => {
  it("says up to date with a full bar and each type's count when every row is indexed", () => {
    const done = status([120, 4, 1500, 30, 12, 3], null);
    expect(indexState(done)).toBe("up-to-date");
    const html = renderToStaticMarkup(createElement(SearchIndexSummary, { status: done }));
    const text = textOf(html);
    expect(text).toContain("Up to date");
    expect(text).toContain("Tasks 1,500");
    expect(text).toContain("Calls 3");
    expect(html).toContain('aria-valuetext="100%"');
  });

  it("counts what is indexed while the job runs, per type", () => {
    const running = status([120, 4, 300, 0, 12, 3], "active");
    expect(indexState(running)).toBe("indexing");
    const html = renderToStaticMarkup(createElement(SearchIndexSummary, { status: running }));
    const text = textOf(html);
    expect(text).toContain("Indexing 439 of 1,669");
    expect(text).toContain("Tasks 300 / 1,500");
    expect(text).toContain("Events 0 / 30");
    expect(html).toContain('aria-valuetext="26%"');
  });

  it("says queued when rows wait for the job, and when the job waits though everything is indexed", () => {
    expect(indexState(status([120, 4, 1499, 30, 12, 3], null))).toBe("queued");
    expect(indexState(status([120, 4, 1500, 30, 12, 3], "queued"))).toBe("queued");
    expect(textOf(renderToStaticMarkup(createElement(SearchIndexSummary, { status: status([0, 0, 0, 0, 0, 0], "queued") })))).toContain(
      "Queued: 0 of 1,669 indexed",
    );
  });
});
