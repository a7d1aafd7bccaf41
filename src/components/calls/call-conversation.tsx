"use client";

import * as React from "react";
import { CheckIcon, HeadsetIcon, ScissorsIcon, WrenchIcon, XIcon } from "lucide-react";

import type { RouterOutputs } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { formatDuration } from "~/lib/format";
import { Badge } from "~/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { LatencyLegend, LatencyStrip } from "~/components/voice/latency-strip";
import { LATENCY_GOAL_MS } from "~/components/voice/latency-parts";

export type ConversationTurn = RouterOutputs["voice"]["conversation"][number];
type ToolCall = ConversationTurn["toolCalls"][number];

/** "0:12" from the stream's start (the turns' clock; the recording's starts a little earlier). */
const at = (ms: number) => formatDuration(ms / 1000);

/**
 * The receptionist's side of a call, turn by turn: the caller's words, the agent's answer (marked
 * when the caller cut it off), the tools it used with what they answered, and how long the caller
 * waited for the answer, in parts. The transcript shows the same words on the recording's clock;
 * this is the agent's own record, for seeing why it said what it did and where the time went.
 */
export function CallConversation({ turns, callerName, agentName }: { turns: ConversationTurn[]; callerName: string; agentName: string }) {
  // One scale for every strip so a slow answer reads as a longer bar; never shorter than the goal
  // (with room past it) so the goal tick stays inside the bar.
  const scaleMs = Math.max(LATENCY_GOAL_MS * 1.25, ...turns.map((turn) => turn.latencyMs ?? 0));
  const measured = turns.some((turn) => turn.latencyMs !== null);

  return (
    <Card className="min-w-0 gap-3" role="region" aria-labelledby="call-conversation-heading">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <HeadsetIcon className="text-muted-foreground size-4" aria-hidden="true" />
          <h2 id="call-conversation-heading">Conversation with the receptionist</h2>
        </CardTitle>
        <CardDescription>
          What the caller said, what the receptionist answered and did, and how long the caller waited for each answer.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {measured ? <LatencyLegend /> : null}
        <ol className="flex flex-col gap-4" aria-label="Turns">
          {turns.map((turn) => (
            <Turn key={turn.index} turn={turn} callerName={callerName} agentName={agentName} scaleMs={scaleMs} />
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

function Turn({ turn, callerName, agentName, scaleMs }: { turn: ConversationTurn; callerName: string; agentName: string; scaleMs: number }) {
  const greeting = turn.index === 0;
  const answeredAt = turn.startedAtMs + (turn.latencyMs ?? 0);
  return (
    <li className="flex flex-col gap-2" data-testid="voice-turn">
      {turn.callerText ? (
        <div className="flex max-w-[90%] flex-col items-start gap-0.5 self-start sm:max-w-[75%]">
          {/* No time here: the turn knows when the caller stopped speaking, not when they started. */}
          <Speaker name={callerName} />
          <p className="bg-muted rounded-2xl rounded-bl-md px-3.5 py-2 text-sm break-words whitespace-pre-wrap">{turn.callerText}</p>
        </div>
      ) : null}
      <div className="flex max-w-[90%] flex-col items-end gap-1 self-end sm:max-w-[75%]">
        <Speaker name={agentName} ms={answeredAt} note={greeting ? "greeting" : null}>
          {turn.interrupted ? (
            <Badge variant="warning" title="The caller spoke over this answer; the rest of it was not played.">
              <ScissorsIcon aria-hidden="true" />
              Interrupted
            </Badge>
          ) : null}
        </Speaker>
        <p
          className={cn(
            "bg-primary/10 dark:bg-primary/20 rounded-2xl rounded-br-md px-3.5 py-2 text-sm break-words whitespace-pre-wrap",
            turn.interrupted && "border-warning/60 border border-dashed",
          )}
        >
          {turn.agentText || <span className="text-muted-foreground italic">Nothing said</span>}
          {turn.interrupted && turn.agentText ? <span aria-hidden="true">…</span> : null}
        </p>
        {turn.toolCalls.length ? <ToolCalls calls={turn.toolCalls} /> : null}
        {turn.latencyMs !== null ? (
          <LatencyStrip
            scaleMs={scaleMs}
            latency={{ total: turn.latencyMs, stt: turn.sttMs, llm: turn.llmMs, tts: turn.ttsMs, engine: turn.engineMs }}
          />
        ) : null}
      </div>
    </li>
  );
}

function Speaker({ name, ms, note, children }: { name: string; ms?: number; note?: string | null; children?: React.ReactNode }) {
  return (
    <p className="text-muted-foreground flex flex-wrap items-center gap-x-1.5 gap-y-0.5 px-1 text-xs">
      <span className="text-foreground font-medium">{name}</span>
      {note ? <span>({note})</span> : null}
      {ms === undefined ? null : (
        <>
          <span aria-hidden="true">·</span>
          <span className="tabular-nums" title="When the answer began, from the start of the receptionist’s audio stream">
            <span className="sr-only">at </span>
            {at(ms)}
          </span>
        </>
      )}
      {children}
    </p>
  );
}

/** The agent's tool calls under its answer, in the order it made them; failed ones say so in words. */
function ToolCalls({ calls }: { calls: ToolCall[] }) {
  return (
    <ul className="flex w-full flex-col gap-1" aria-label="Tools used">
      {calls.map((call, index) => (
        <li
          key={`${call.name}-${index}`}
          data-testid="voice-tool-call"
          className={cn("rounded-md border px-2.5 py-1.5 text-xs", !call.ok && "border-destructive/50 bg-destructive/5")}
        >
          <p className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
            <WrenchIcon className="text-muted-foreground size-3 shrink-0" aria-hidden="true" />
            <code className="font-mono font-medium">{call.name}</code>
            {call.ok ? (
              <span className="text-success inline-flex items-center">
                <CheckIcon className="size-3.5" aria-hidden="true" />
                <span className="sr-only">done</span>
              </span>
            ) : (
              <span className="text-destructive inline-flex items-center gap-0.5 font-medium">
                <XIcon className="size-3.5" aria-hidden="true" />
                failed
              </span>
            )}
            {call.result ? <span className="text-muted-foreground min-w-0 break-words">— {call.result}</span> : null}
          </p>
          <ToolInput input={call.input} />
        </li>
      ))}
    </ul>
  );
}

/** What the model sent the tool, folded away (it is for checking the agent, not for reading). */
function ToolInput({ input }: { input: unknown }) {
  const empty = input === null || input === undefined || (typeof input === "object" && Object.keys(input).length === 0);
  if (empty) return null;
  return (
    <details className="mt-1">
      <summary className="text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 w-fit cursor-pointer rounded-sm outline-none focus-visible:ring-[3px]">
        Input
      </summary>
      <pre className="bg-muted/60 mt-1 overflow-x-auto rounded-sm p-2 font-mono text-[11px] break-words whitespace-pre-wrap">
        {JSON.stringify(input, null, 2)}
      </pre>
    </details>
  );
}
