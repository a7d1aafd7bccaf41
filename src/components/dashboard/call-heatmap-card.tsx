import { GridIcon } from "lucide-react";

import { countText, formatCount } from "~/lib/format";
import { cn } from "~/lib/utils";
import type { HourlyHeatmap } from "~/server/dashboard/activity";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { EmptyState } from "~/components/shared/empty-state";

/** Monday first, matching the service's rows (ISO weekdays). */
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
/** Legend steps, as fractions of the busiest cell. */
const LEGEND = [0, 0.25, 0.5, 0.75, 1];

const clock = (hour: number) => `${String(hour % 24).padStart(2, "0")}:00`;
/** "14:00–15:00" */
const hourRange = (hour: number) => `${clock(hour)}–${clock(hour + 1)}`;
const calls = (count: number) => countText(count, "call");

/**
 * A shade of the theme's first chart colour: the busier, the stronger (never fainter than 20%,
 * so a single call stays visible next to an empty cell).
 */
function shade(fraction: number): React.CSSProperties | undefined {
  if (fraction <= 0) return undefined;
  return { backgroundColor: `color-mix(in oklab, var(--chart-1) ${Math.round(20 + 80 * fraction)}%, transparent)` };
}

export function CallHeatmapCard({
  heatmap,
  days,
  className,
}: {
  heatmap: HourlyHeatmap;
  days: number;
  className?: string;
}) {
  const { busiest, standout } = heatmap;
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2 id="call-heatmap-heading">Calls by hour</h2>
        </CardTitle>
        <CardDescription>
          When your calls happen, by weekday and hour over the last {days} days, in your time zone.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {busiest === null ? (
          <EmptyState icon={GridIcon}>
            No calls in the last {days} days — your busiest hours show up here once you have some.
          </EmptyState>
        ) : (
          <>
            <p id="call-heatmap-summary" className="text-sm">
              {standout ? (
                <>
                  <span className="text-muted-foreground">Busiest hour: </span>
                  <span className="font-medium">
                    {WEEKDAYS[standout.weekday]}s {hourRange(standout.hour)}
                  </span>
                  <span className="text-muted-foreground">
                    {" "}
                    ({calls(standout.count)} of {formatCount(heatmap.total)})
                  </span>
                </>
              ) : (
                <span className="text-muted-foreground">
                  {calls(heatmap.total)}, spread out: no hour stands out yet.
                </span>
              )}
            </p>
            <div className="overflow-x-auto">
              <table
                aria-labelledby="call-heatmap-heading"
                aria-describedby="call-heatmap-summary"
                className="w-full min-w-72 table-fixed border-separate border-spacing-0.5"
              >
                <thead>
                  <tr>
                    <td className="w-9 sm:w-11" />
                    {HOURS.map((hour) => (
                      <th
                        key={hour}
                        scope="col"
                        className="text-muted-foreground overflow-visible pb-1 text-left text-[10px] font-normal whitespace-nowrap tabular-nums"
                      >
                        {/* Every 6th hour labelled on phones, every 3rd from sm up; all named for screen readers. */}
                        <span
                          aria-hidden="true"
                          className={cn(hour % 6 !== 0 && "hidden", hour % 3 === 0 && "sm:inline")}
                        >
                          {hour}
                        </span>
                        <span className="sr-only">{hourRange(hour)}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAYS.map((weekday, index) => (
                    <tr key={weekday}>
                      <th
                        scope="row"
                        className="text-muted-foreground pr-1 text-left text-xs font-normal"
                      >
                        <abbr title={weekday} className="no-underline">
                          {weekday.slice(0, 3)}
                        </abbr>
                      </th>
                      {HOURS.map((hour) => {
                        const count = heatmap.counts[index]?.[hour] ?? 0;
                        const label = `${weekday} ${hourRange(hour)}: ${calls(count)}`;
                        return (
                          <td
                            key={hour}
                            title={label}
                            aria-label={label}
                            className={cn("h-5 rounded-[3px] sm:h-6", count === 0 && "bg-muted")}
                            style={shade(count / heatmap.max)}
                          />
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="text-muted-foreground flex items-center justify-end gap-1 text-xs" aria-hidden="true">
              <span className="mr-1">Fewer</span>
              {LEGEND.map((fraction) => (
                <span
                  key={fraction}
                  className={cn("size-3 rounded-[3px]", fraction === 0 && "bg-muted")}
                  style={shade(fraction)}
                />
              ))}
              <span className="ml-1">More</span>
            </div>
          </>
        )}
      </CardContent>
    </Card>
  );
}
