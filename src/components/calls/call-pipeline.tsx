"use client";

import Link from "next/link";
import { CheckIcon, CircleDashedIcon, CircleSlashIcon, LoaderIcon, RotateCcwIcon, TriangleAlertIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { Button } from "~/components/ui/button";
import { Spinner } from "~/components/ui/spinner";

type StageView = RouterOutputs["calls"]["get"]["pipeline"][number];

const STATUS = {
  pending: { icon: CircleDashedIcon, text: "Waiting", tone: "text-muted-foreground" },
  running: { icon: LoaderIcon, text: "Running", tone: "text-primary" },
  succeeded: { icon: CheckIcon, text: "Done", tone: "text-success" },
  failed: { icon: TriangleAlertIcon, text: "Failed", tone: "text-destructive" },
  skipped: { icon: CircleSlashIcon, text: "Skipped", tone: "text-muted-foreground" },
} as const;

function statusLine(stage: StageView): string {
  if (stage.status === "pending" && stage.error) return `Retrying after attempt ${stage.attempts} failed`;
  if (stage.status === "succeeded" && stage.provider) return `Done · ${stage.provider === "local" ? "local" : stage.provider}`;
  return STATUS[stage.status].text;
}

/** Each stage of the recording pipeline: status, why it waits or failed, and a re-run button. */
export function CallPipeline({ callId, stages }: { callId: string; stages: StageView[] }) {
  const utils = api.useUtils();
  const rerun = api.calls.rerunStage.useMutation({
    onSuccess: async (_data, input) => {
      toast.success(`${stages.find((s) => s.stage === input.stage)?.label ?? "Stage"} queued again.`);
      await utils.calls.get.invalidate({ id: callId });
    },
    onError: (error) => toast.error(error.message),
  });
  return (
    <ol className="divide-y" aria-label="Processing stages">
      {stages.map((stage) => {
        const meta = STATUS[stage.status];
        const Icon = meta.icon;
        const canRerun = stage.status !== "running" && stage.rerunBlocker === null;
        return (
          <li key={stage.stage} className="flex items-start justify-between gap-3 py-2.5 first:pt-0 last:pb-0" data-testid={`stage-${stage.stage}`}>
            <div className="flex min-w-0 gap-2.5">
              <Icon className={cn("mt-0.5 size-4 shrink-0", meta.tone, stage.status === "running" && "animate-spin")} aria-hidden="true" />
              <div className="min-w-0 text-sm">
                <p className="font-medium">
                  {stage.label} <span className={cn("font-normal", meta.tone)}>· {statusLine(stage)}</span>
                </p>
                {stage.reason && stage.status !== "succeeded" ? <p className="text-muted-foreground">{capitalise(stage.reason)}.</p> : null}
                {stage.error && stage.status !== "succeeded" ? <p className="text-destructive break-words">{stage.error}</p> : null}
                {stage.hint ? (
                  <p className="text-muted-foreground">
                    {stage.hint}{" "}
                    <Link href="/settings#providers" className="underline underline-offset-4">
                      Providers
                    </Link>
                  </p>
                ) : null}
                {stage.attempts > 1 ? <p className="text-muted-foreground text-xs">{stage.attempts} attempts</p> : null}
              </div>
            </div>
            {canRerun ? (
              <Button
                variant="ghost"
                size="sm"
                disabled={rerun.isPending}
                onClick={() => rerun.mutate({ id: callId, stage: stage.stage })}
                aria-label={`Re-run ${stage.label.toLowerCase()}`}
              >
                {rerun.isPending && rerun.variables?.stage === stage.stage ? <Spinner aria-hidden /> : <RotateCcwIcon aria-hidden="true" />}
                Re-run
              </Button>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
