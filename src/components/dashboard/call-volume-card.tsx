import { BarChart3Icon } from "lucide-react";

import { countText, formatCount } from "~/lib/format";
import type { DailyVolume } from "~/server/dashboard/activity";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { CallVolumeChart } from "~/components/dashboard/call-volume-chart";
import { VOLUME_SERIES } from "~/components/dashboard/call-volume-series";
import { EmptyState } from "~/components/shared/empty-state";

/** "Tuesday, June 11" for a zone-local "YYYY-MM-DD", read as a calendar date (UTC noon never shifts it). */
function longDay(date: string) {
  return new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

export function CallVolumeCard({ days, className }: { days: DailyVolume[]; className?: string }) {
  const inbound = days.reduce((sum, day) => sum + day.inbound, 0);
  const outbound = days.reduce((sum, day) => sum + day.outbound, 0);
  const total = inbound + outbound;
  const busiest = days.reduce<DailyVolume | null>(
    (best, day) => (day.inbound + day.outbound > (best ? best.inbound + best.outbound : 0) ? day : best),
    null,
  );
  const summary = busiest
    ? `${countText(total, "call")} in the last ${days.length} days: ${formatCount(inbound)} inbound, ${formatCount(outbound)} outbound. ` +
      `Busiest day: ${longDay(busiest.date)}, with ${countText(busiest.inbound + busiest.outbound, "call")}.`
    : null;

  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2 id="call-volume-heading">Call volume</h2>
        </CardTitle>
        <CardDescription>
          Calls per day over the last {days.length} days, in your time zone.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {summary ? (
          <figure aria-labelledby="call-volume-heading" aria-describedby="call-volume-summary" className="space-y-3">
            <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
              {VOLUME_SERIES.map((series) => (
                <li key={series.key} className="flex items-center gap-1.5">
                  <span className="size-2.5 rounded-[2px]" style={{ backgroundColor: series.color }} aria-hidden="true" />
                  <span className="text-muted-foreground">{series.label}</span>
                  <span className="font-medium tabular-nums">{formatCount(series.key === "inbound" ? inbound : outbound)}</span>
                </li>
              ))}
            </ul>
            <div className="h-60">
              <CallVolumeChart days={days} label="Daily call volume, inbound and outbound" />
            </div>
            <figcaption id="call-volume-summary" className="sr-only">
              {summary}
            </figcaption>
          </figure>
        ) : (
          <EmptyState icon={BarChart3Icon}>
            No calls in the last {days.length} days — the daily chart fills in as calls come and go.
          </EmptyState>
        )}
      </CardContent>
    </Card>
  );
}
