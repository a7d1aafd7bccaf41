import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CallHeatmapCard } from "./call-heatmap-card";
import { UpcomingTasksCard } from "./upcoming-tasks-card";

/** The text a reader sees (tags dropped). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("UpcomingTasksCard", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const render = (dueAt: Date, timeZone: string) =>
    textOf(
      renderToStaticMarkup(
        createElement(UpcomingTasksCard, { tasks: [{ id: "t1", title: "Renew the lease", dueAt, priority: "high" }], now, timeZone }),
      ),
    );

  it("shows a date-only due date as the Tasks page does, without a midnight time", () => {
    // Midnight 10 January 2027 in New York: a task due that day.
    const text = render(new Date("2027-01-10T05:00:00Z"), "America/New_York");
    expect(text).toContain("Due Jan 10, 2027");
    expect(text).not.toMatch(/12:00|AM|PM/);
  });

  it("shows the time of a task due at a time, in the user's zone", () => {
    expect(render(new Date("2026-12-24T19:30:00Z"), "America/New_York")).toContain("Due Dec 24, 2:30 PM");
  });
});

describe("CallHeatmapCard", () => {
  const counts = (cells: [number, number, number][]) => {
    const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    for (const [weekday, hour, count] of cells) grid[weekday]![hour] = count;
    return grid;
  };
  const html = (heatmap: Parameters<typeof CallHeatmapCard>[0]["heatmap"]) =>
    renderToStaticMarkup(createElement(CallHeatmapCard, { heatmap, days: 90 }));
  const render = (heatmap: Parameters<typeof CallHeatmapCard>[0]["heatmap"]) => textOf(html(heatmap));

  it("names the busiest hour when one stands out", () => {
    const text = render({
      counts: counts([[1, 14, 4], [3, 9, 1]]),
      total: 5,
      max: 4,
      busiest: { weekday: 1, hour: 14, count: 4 },
      standout: { weekday: 1, hour: 14, count: 4 },
    });
    expect(text).toContain("Busiest hour: Tuesdays 14:00–15:00 (4 calls of 5)");
  });

  it("says nothing of a busiest hour when none stands out, and still draws the calls", () => {
    const tie = {
      counts: counts([[1, 14, 3], [3, 9, 3]]),
      total: 6,
      max: 3,
      busiest: { weekday: 1, hour: 14, count: 3 },
      standout: null,
    };
    const text = render(tie);
    expect(text).not.toContain("Busiest hour");
    expect(text).toContain("6 calls, spread out: no hour stands out yet.");
    expect(html(tie)).toContain('aria-label="Tuesday 14:00–15:00: 3 calls"');
  });
});
