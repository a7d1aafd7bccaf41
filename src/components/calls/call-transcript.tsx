"use client";

import * as React from "react";

import { cn } from "~/lib/utils";
import { formatDuration } from "~/lib/format";

export interface Segment {
  speaker: number;
  start: number;
  end: number;
  text: string;
  confidence: number;
}

/** One colour per speaker (cycled); text colours keep contrast in both themes. */
const SPEAKER_STYLES = [
  { label: "text-sky-700 dark:text-sky-300", bar: "border-sky-500" },
  { label: "text-violet-700 dark:text-violet-300", bar: "border-violet-500" },
  { label: "text-emerald-700 dark:text-emerald-300", bar: "border-emerald-500" },
  { label: "text-amber-700 dark:text-amber-300", bar: "border-amber-500" },
] as const;

export function speakerStyle(speaker: number) {
  return SPEAKER_STYLES[Math.abs(speaker) % SPEAKER_STYLES.length]!;
}

/**
 * The diarized transcript, each segment under its speaker's name (see transcriptSpeakers; the
 * user names unknown speakers in TranscriptSpeakers). Each segment is a button: activating it
 * (click, Enter or Space) seeks the player to its start. The segment being played is highlighted.
 */
export function CallTranscript({
  segments,
  text,
  speakerName,
  currentTime,
  onSeek,
}: {
  segments: Segment[];
  text: string;
  speakerName: (speaker: number) => string;
  currentTime: number | null;
  onSeek: ((seconds: number) => void) | null;
}) {
  if (!segments.length) return <p className="max-h-96 overflow-y-auto text-sm whitespace-pre-wrap">{text}</p>;
  return (
    <ol className="max-h-[28rem] space-y-1 overflow-y-auto pr-1" aria-label="Transcript segments">
      {segments.map((segment, index) => {
        const style = speakerStyle(segment.speaker);
        const speaker = speakerName(segment.speaker);
        const active = currentTime !== null && currentTime >= segment.start && currentTime < segment.end;
        const body = (
          <>
            <span className="flex items-baseline gap-2 text-xs">
              <span className={cn("font-semibold", style.label)}>{speaker}</span>
              <span className="text-muted-foreground tabular-nums">{formatDuration(segment.start)}</span>
            </span>
            <span className="block text-sm">{segment.text}</span>
          </>
        );
        return (
          <li key={`${segment.start}-${index}`}>
            {onSeek ? (
              <button
                type="button"
                data-testid="transcript-segment"
                data-start={segment.start}
                aria-current={active ? "true" : undefined}
                aria-label={`Play from ${formatDuration(segment.start)}: ${speaker}: ${segment.text}`}
                onClick={() => onSeek(segment.start)}
                className={cn(
                  "hover:bg-accent focus-visible:ring-ring/50 w-full rounded-md border-l-2 px-3 py-1.5 text-left outline-none focus-visible:ring-[3px]",
                  style.bar,
                  active && "bg-accent",
                )}
              >
                {body}
              </button>
            ) : (
              <div data-testid="transcript-segment" className={cn("rounded-md border-l-2 px-3 py-1.5", style.bar)}>
                {body}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
