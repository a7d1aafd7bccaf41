import Link from "next/link";
import { CircleCheckIcon, HeadsetIcon, MessagesSquareIcon, PhoneIcon, ScissorsIcon, TriangleAlertIcon } from "lucide-react";

import type { Percentiles, VoiceLatencyStats } from "~/server/voice/turns";
import { cn } from "~/lib/utils";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { EmptyState } from "~/components/shared/empty-state";
import { StatCard } from "~/components/dashboard/stat-card";
import { LocalTime } from "~/components/local-time";
import { formatMs, LATENCY_GOAL_MS, LATENCY_PARTS } from "./latency-parts";

/**
 * The Voice page: how long the user's callers waited for the receptionist over the last 7 days
 * (the typical and the slow wait against the goal, where the time went, and how much was
 * measured), or how to get there when the receptionist took no calls.
 */
export function VoiceView({ stats }: { stats: VoiceLatencyStats }) {
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Voice agent</h1>
        <p className="text-muted-foreground text-sm">
          How long callers waited for the receptionist’s answers over the last 7 days (since{" "}
          <LocalTime value={stats.since} format="date" />
          ): from the end of their words to the first sound of the answer.
        </p>
      </div>

      {stats.turns === 0 ? (
        <EmptyState icon={HeadsetIcon} className="py-14">
          No receptionist calls in the last 7 days. The receptionist answers calls on your numbers when you turn it on in{" "}
          <Link href="/settings#receptionist" className="text-foreground font-medium underline underline-offset-4">
            Settings
          </Link>
          .
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="voice-wait-heading" className="space-y-3">
            <h2 id="voice-wait-heading" className="text-lg font-semibold">
              The caller’s wait
            </h2>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <WaitCard label="Typical wait" percentile="p50" meaning="Half of the answers came sooner." ms={stats.latency.p50} />
              <WaitCard label="Slow wait" percentile="p95" meaning="1 answer in 20 took longer." ms={stats.latency.p95} />
            </div>
          </section>

          <div className="grid grid-cols-1 gap-4 lg:grid-cols-5">
            <PartsCard stats={stats} className="min-w-0 lg:col-span-3" />
            <section aria-label="Counts" className="grid grid-cols-1 gap-3 sm:grid-cols-3 sm:gap-4 lg:col-span-2 lg:grid-cols-1">
              <StatCard label="Answers measured" value={stats.turns} icon={MessagesSquareIcon} hint="Caller turns the receptionist answered." />
              <StatCard label="Calls" value={stats.calls} icon={PhoneIcon} hint="Calls with at least one answer." />
              <StatCard label="Interrupted" value={stats.interrupted} icon={ScissorsIcon} hint="Answers the caller spoke over." />
            </section>
          </div>
        </>
      )}
    </div>
  );
}

/** One percentile of the wait, big, with the goal beside it in words (not only a colour). */
function WaitCard({ label, percentile, meaning, ms }: { label: string; percentile: string; meaning: string; ms: number | null }) {
  const within = ms !== null && ms <= LATENCY_GOAL_MS;
  return (
    <Card className="min-w-0 gap-2 py-5" data-testid={`voice-wait-${percentile}`}>
      <CardHeader className="px-5">
        <CardTitle className="text-muted-foreground text-sm font-medium">
          <h3>
            {label} <span className="font-normal">({percentile})</span>
          </h3>
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-2 px-5">
        <p className="text-4xl font-semibold tracking-tight tabular-nums">{formatMs(ms)}</p>
        {ms === null ? null : (
          <p className={cn("flex items-center gap-1.5 text-sm", within ? "text-success" : "text-warning")}>
            {within ? <CircleCheckIcon className="size-4 shrink-0" aria-hidden="true" /> : <TriangleAlertIcon className="size-4 shrink-0" aria-hidden="true" />}
            {within ? `Within the ${formatMs(LATENCY_GOAL_MS)} goal` : `${formatMs(ms - LATENCY_GOAL_MS)} over the ${formatMs(LATENCY_GOAL_MS)} goal`}
          </p>
        )}
        <p className="text-muted-foreground text-xs">{meaning}</p>
      </CardContent>
    </Card>
  );
}

/** Where the wait went: each part's p50 and p95, in the call page's colours and names. */
function PartsCard({ stats, className }: { stats: VoiceLatencyStats; className?: string }) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2 id="voice-parts-heading">Where the time went</h2>
        </CardTitle>
        <CardDescription>
          Each part’s own percentiles: they need not add up to the wait’s, since the slowest answers are not slow in every part.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Table aria-labelledby="voice-parts-heading">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Part</TableHead>
              <TableHead scope="col" className="text-right">
                p50
              </TableHead>
              <TableHead scope="col" className="text-right">
                p95
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {LATENCY_PARTS.map((part) => (
              <PartRow key={part.key} values={stats[part.key]}>
                <span className="flex items-start gap-2">
                  <span className={cn("mt-1 size-2.5 shrink-0 rounded-[2px]", part.swatch)} aria-hidden="true" />
                  <span className="min-w-0">
                    <span className="font-medium">{part.label}</span>
                    <span className="text-muted-foreground block text-xs whitespace-normal">{part.description}</span>
                  </span>
                </span>
              </PartRow>
            ))}
          </TableBody>
          <TableFooter>
            <PartRow values={stats.latency}>
              <span className="pl-[18px] font-medium">The caller’s wait</span>
            </PartRow>
          </TableFooter>
        </Table>
      </CardContent>
    </Card>
  );
}

function PartRow({ values, children }: { values: Percentiles; children: React.ReactNode }) {
  return (
    <TableRow>
      <TableHead scope="row" className="h-auto py-2 font-normal">
        {children}
      </TableHead>
      <TableCell className="text-right tabular-nums">{formatMs(values.p50)}</TableCell>
      <TableCell className="text-right tabular-nums">{formatMs(values.p95)}</TableCell>
    </TableRow>
  );
}
