"use client";

import { TriangleAlertIcon } from "lucide-react";

import { cn } from "~/lib/utils";
import { Tooltip, TooltipContent, TooltipTrigger } from "~/components/ui/tooltip";
import { describeLatency, formatMs, LATENCY_GOAL_MS, LATENCY_PARTS, type LatencyBreakdown } from "./latency-parts";

/**
 * One answer's wait as a thin stacked bar (STT | LLM | TTS | engine) and its total. The bar's
 * length is the wait on a scale shared by the conversation's answers (`scaleMs`), so a slow
 * answer reads as a longer bar; a tick marks the goal. The strip is one focusable image whose
 * name says every part in milliseconds, and hovering or focusing it shows the same as a legend,
 * so neither the colours nor a mouse are needed to read it.
 */
export function LatencyStrip({ latency, scaleMs, className }: { latency: LatencyBreakdown; scaleMs: number; className?: string }) {
  const over = latency.total > LATENCY_GOAL_MS;
  const measured = LATENCY_PARTS.reduce((sum, part) => sum + (latency[part.key] ?? 0), 0);
  // The parts should add up to the total; if one was not measured the bar leaves its share empty.
  const whole = Math.max(latency.total, measured, 1);
  const scale = Math.max(scaleMs, whole);
  const label = `${describeLatency(latency)}${over ? ` (over the ${formatMs(LATENCY_GOAL_MS)} goal)` : ""}`;

  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <div
          role="img"
          tabIndex={0}
          aria-label={label}
          data-testid="latency-strip"
          className={cn(
            "focus-visible:ring-ring/50 flex items-center gap-2 rounded-sm outline-none focus-visible:ring-[3px]",
            className,
          )}
        >
          <div className="bg-muted relative h-1.5 w-32 shrink-0 rounded-full sm:w-44">
            <div className="flex h-full gap-px overflow-hidden rounded-full" style={{ width: `${(whole / scale) * 100}%` }}>
              {LATENCY_PARTS.map((part) => {
                const ms = latency[part.key];
                return ms ? <span key={part.key} className={cn("h-full", part.swatch)} style={{ width: `${(ms / whole) * 100}%` }} /> : null;
              })}
            </div>
            <span className="bg-foreground/70 absolute -top-1 -bottom-1 w-px" style={{ left: `${(LATENCY_GOAL_MS / scale) * 100}%` }} />
          </div>
          <span className={cn("text-xs whitespace-nowrap tabular-nums", over ? "text-warning font-medium" : "text-muted-foreground")}>
            {over ? <TriangleAlertIcon className="mr-0.5 inline size-3 align-[-2px]" /> : null}
            {formatMs(latency.total)}
          </span>
        </div>
      </TooltipTrigger>
      <TooltipContent side="top" className="text-left">
        <p className="mb-1 font-medium">
          Caller waited {formatMs(latency.total)} <span className="font-normal opacity-80">(goal {formatMs(LATENCY_GOAL_MS)})</span>
        </p>
        <ul className="space-y-0.5">
          {LATENCY_PARTS.map((part) => (
            <li key={part.key} className="flex items-center gap-1.5">
              <span className={cn("size-2 shrink-0 rounded-[2px]", part.swatch)} />
              <span className="font-medium">{part.label}</span>
              <span className="tabular-nums">{formatMs(latency[part.key])}</span>
              <span className="opacity-80">· {part.description}</span>
            </li>
          ))}
        </ul>
      </TooltipContent>
    </Tooltip>
  );
}

/**
 * The strip's key, shown once above the conversation: each part's colour, label and meaning, and
 * the goal tick.
 */
export function LatencyLegend({ className }: { className?: string }) {
  return (
    <ul className={cn("text-muted-foreground flex flex-wrap items-center gap-x-4 gap-y-1 text-xs", className)} aria-label="Wait for each answer, in parts">
      {LATENCY_PARTS.map((part) => (
        <li key={part.key} className="flex items-center gap-1.5" title={part.description}>
          <span className={cn("size-2.5 shrink-0 rounded-[2px]", part.swatch)} aria-hidden="true" />
          <span>
            <span className="text-foreground font-medium">{part.label}</span> {part.plain}
            <span className="sr-only">: {part.description}</span>
          </span>
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span className="bg-foreground/70 h-3 w-px" aria-hidden="true" />
        <span>{formatMs(LATENCY_GOAL_MS)} goal</span>
      </li>
    </ul>
  );
}
