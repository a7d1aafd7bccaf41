"use client";

import { format, parseISO } from "date-fns";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";

import type { DailyVolume } from "~/server/dashboard/activity";
import { VOLUME_SERIES } from "~/components/dashboard/call-volume-series";

/** "2025-03-04" (a zone-local day) → "Mar 4"; parsed as local midnight, so the day never shifts. */
function dayLabel(date: string, pattern = "MMM d") {
  return format(parseISO(date), pattern);
}

function VolumeTooltip({ active, payload, label }: TooltipContentProps) {
  if (!active || !payload?.length || typeof label !== "string") return null;
  return (
    <div className="bg-popover text-popover-foreground rounded-md border px-3 py-2 text-xs shadow-md">
      <p className="mb-1 font-medium">{dayLabel(label, "EEE, MMM d")}</p>
      {VOLUME_SERIES.map((series) => {
        const value = Number(payload.find((item) => item.dataKey === series.key)?.value ?? 0);
        return (
          <p key={series.key} className="flex items-center gap-2">
            <span className="size-2 rounded-[2px]" style={{ backgroundColor: series.color }} aria-hidden="true" />
            <span className="text-muted-foreground">{series.label}</span>
            <span className="ml-auto font-medium tabular-nums">{value}</span>
          </p>
        );
      })}
    </div>
  );
}

/**
 * Stacked inbound/outbound bars per day. A client component (recharts measures the DOM); the
 * fixed height keeps the server render and the layout stable before it measures.
 */
export function CallVolumeChart({ days, label }: { days: DailyVolume[]; label: string }) {
  return (
    <BarChart
      responsive
      data={days}
      title={label}
      margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
      style={{ width: "100%", height: 240 }}
    >
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis
        dataKey="date"
        tickFormatter={(date: string) => dayLabel(date)}
        tickLine={false}
        axisLine={false}
        minTickGap={16}
        tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
      />
      <YAxis
        allowDecimals={false}
        // Whole calls up to the busiest day; without this a day of 1 call gets an axis up to 4.
        domain={[0, "dataMax"]}
        tickCount={Math.min(5, Math.max(2, ...days.map((day) => day.inbound + day.outbound + 1)))}
        tickLine={false}
        axisLine={false}
        width={28}
        tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
      />
      <Tooltip content={VolumeTooltip} cursor={{ fill: "var(--muted)" }} />
      {VOLUME_SERIES.map((series, index) => (
        <Bar
          key={series.key}
          dataKey={series.key}
          name={series.label}
          stackId="calls"
          fill={series.color}
          // Round only the top of the stack.
          radius={index === VOLUME_SERIES.length - 1 ? [3, 3, 0, 0] : 0}
          maxBarSize={24}
        />
      ))}
    </BarChart>
  );
}
