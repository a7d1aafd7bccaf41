import { MinusIcon, TrendingDownIcon, TrendingUpIcon } from "lucide-react";

import { cn } from "~/lib/utils";

const TREND = {
  up: { icon: TrendingUpIcon, label: "rising", className: "text-emerald-600 dark:text-emerald-400" },
  down: { icon: TrendingDownIcon, label: "falling", className: "text-red-600 dark:text-red-400" },
  stable: { icon: MinusIcon, label: "steady", className: "text-muted-foreground" },
} as const;

function tone(score: number) {
  if (score >= 70) return "border-emerald-600/30 bg-emerald-500/10 text-emerald-700 dark:text-emerald-300";
  if (score >= 40) return "border-amber-600/30 bg-amber-500/10 text-amber-700 dark:text-amber-300";
  return "border-border bg-muted text-muted-foreground";
}

/** Relationship score 0–100 with its trend arrow, e.g. "72 ↗". */
export function ScoreBadge({
  score,
  trend,
  className,
}: {
  score: number;
  trend: string;
  className?: string;
}) {
  const t = TREND[trend as keyof typeof TREND] ?? TREND.stable;
  const Icon = t.icon;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-md border px-1.5 py-0.5 text-xs font-medium tabular-nums",
        tone(score),
        className,
      )}
      title={`Relationship score ${score} of 100, ${t.label}`}
    >
      <span className="sr-only">Relationship score </span>
      {score}
      <Icon className={cn("size-3.5", t.className)} aria-hidden="true" />
      <span className="sr-only">, {t.label}</span>
    </span>
  );
}
