import type { LucideIcon } from "lucide-react";

import { formatCount } from "~/lib/format";
import { Card, CardContent, CardHeader, CardTitle } from "~/components/ui/card";

export function StatCard({
  label,
  value,
  icon: Icon,
  hint,
}: {
  label: string;
  value: number;
  icon: LucideIcon;
  hint?: string;
}) {
  return (
    <Card className="min-w-0 gap-2 py-4 sm:py-5">
      <CardHeader className="flex flex-row items-center justify-between gap-2 px-4 sm:px-5">
        <CardTitle className="text-muted-foreground text-sm leading-snug font-medium">{label}</CardTitle>
        <span className="bg-primary/10 text-primary flex size-8 shrink-0 items-center justify-center rounded-md">
          <Icon className="size-4" aria-hidden="true" />
        </span>
      </CardHeader>
      <CardContent className="px-4 sm:px-5">
        <p className="text-2xl font-semibold sm:text-3xl tracking-tight tabular-nums">{formatCount(value)}</p>
        {hint ? <p className="text-muted-foreground mt-1 text-xs">{hint}</p> : null}
      </CardContent>
    </Card>
  );
}
