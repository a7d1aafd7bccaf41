import { z } from "zod";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import type { TurnRecord } from "./agent/types";

/**
 * Reading the voice agent's turns: one call's conversation (for the call page, with each turn's
 * tool calls and latency), and the latency the user's callers waited over the last 7 days (the
 * Voice page). Every query is the signed-in user's.
 */

export const conversationInput = z.object({ callId: z.string().min(1).max(64) });

/** A kept turn, as the conversation recorded it. */
export type ConversationTurn = TurnRecord;

function toolCallsOf(value: unknown): ConversationTurn["toolCalls"] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const call = entry as Record<string, unknown>;
    return typeof call.name === "string" ? [{ name: call.name, input: call.input ?? null, ok: call.ok === true, result: typeof call.result === "string" ? call.result : "" }] : [];
  });
}

/** The agent's turns on one of the user's calls, in order (empty for a call without the agent). */
export async function callConversation({ db }: { db: Db }, userId: string, { callId }: z.output<typeof conversationInput>): Promise<ConversationTurn[]> {
  const call = await db.call.findFirst({ where: { id: callId, userId }, select: { id: true } });
  if (!call) throw notFound("Call");
  const turns = await db.voiceTurn.findMany({
    where: { callId, userId },
    orderBy: [{ createdAt: "asc" }, { index: "asc" }],
    select: {
      index: true,
      callerText: true,
      agentText: true,
      toolCalls: true,
      startedAtMs: true,
      endedAtMs: true,
      interrupted: true,
      latencyMs: true,
      sttMs: true,
      llmMs: true,
      ttsMs: true,
      engineMs: true,
    },
  });
  return turns.map((turn) => ({ ...turn, toolCalls: toolCallsOf(turn.toolCalls) }));
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

export interface VoiceLatencyStats {
  since: Date;
  /** Answered caller turns measured, and the calls they were on. */
  turns: number;
  calls: number;
  interrupted: number;
  latency: Percentiles;
  stt: Percentiles;
  llm: Percentiles;
  tts: Percentiles;
  engine: Percentiles;
}

const WINDOW_DAYS = 7;

/** p50/p95 of the caller's wait and its parts over the last 7 days (one statement, on the user's index). */
export async function voiceLatencyStats({ db, now }: { db: Db; now: () => Date }, userId: string): Promise<VoiceLatencyStats> {
  const since = new Date(now().getTime() - WINDOW_DAYS * 86_400_000);
  const [row] = await db.$queryRaw<Record<string, number | bigint | null>[]>`
    SELECT count(*) FILTER (WHERE "latencyMs" IS NOT NULL) AS turns,
           count(DISTINCT "callId") FILTER (WHERE "latencyMs" IS NOT NULL) AS calls,
           count(*) FILTER (WHERE "interrupted") AS interrupted,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS latency_p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS latency_p95,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "sttMs") AS stt_p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "sttMs") AS stt_p95,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "llmMs") AS llm_p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "llmMs") AS llm_p95,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "ttsMs") AS tts_p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "ttsMs") AS tts_p95,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "engineMs") AS engine_p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "engineMs") AS engine_p95
    FROM "VoiceTurn"
    WHERE "userId" = ${userId} AND "createdAt" >= ${since}`;
  const num = (value: number | bigint | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value)));
  const pair = (name: string): Percentiles => ({ p50: num(row?.[`${name}_p50`]), p95: num(row?.[`${name}_p95`]) });
  return {
    since,
    turns: num(row?.turns) ?? 0,
    calls: num(row?.calls) ?? 0,
    interrupted: num(row?.interrupted) ?? 0,
    latency: pair("latency"),
    stt: pair("stt"),
    llm: pair("llm"),
    tts: pair("tts"),
    engine: pair("engine"),
  };
}
