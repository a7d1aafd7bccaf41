"use client";

import * as React from "react";
import { DownloadIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { formatDuration } from "~/lib/format";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";

export interface PlayerHandle {
  /**
   * Moves the player to `seconds` and plays from there; before the recording has loaded, as soon
   * as it has. When the browser refuses to play (autoplay blocked: no click on this page yet) the
   * player stays there, paused, and says so.
   */
  seekTo(seconds: number): void;
}

/**
 * The call's recording through a short-lived signed URL. When the URL expires mid-session the
 * browser's next range request fails; the player then asks for a fresh URL and resumes where it
 * was, so a long listen is never cut off.
 */
export function RecordingPlayer({
  callId,
  onTimeUpdate,
  ref,
}: {
  callId: string;
  onTimeUpdate?: (seconds: number) => void;
  ref?: React.Ref<PlayerHandle>;
}) {
  const audio = React.useRef<HTMLAudioElement>(null);
  const resumeAt = React.useRef<number | null>(null);
  /** A seek asked for before the recording's metadata loaded: applied (and played) once it has. */
  const pendingSeek = React.useRef<number | null>(null);
  /** Where the player waits after the browser refused to start it (autoplay blocked). */
  const [blockedAt, setBlockedAt] = React.useState<number | null>(null);
  const url = api.calls.playbackUrl.useQuery({ id: callId }, { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 });

  const playFrom = React.useCallback((element: HTMLAudioElement, seconds: number) => {
    element.currentTime = seconds;
    setBlockedAt(null);
    element.play().catch((error: unknown) => {
      // NotAllowedError: autoplay blocked. Any other failure shows through the element itself.
      if (error instanceof DOMException && error.name === "NotAllowedError") setBlockedAt(seconds);
    });
  }, []);

  React.useImperativeHandle(ref, () => ({
    seekTo(seconds: number) {
      const element = audio.current;
      if (!element || element.readyState < HTMLMediaElement.HAVE_METADATA) {
        pendingSeek.current = seconds;
        return;
      }
      playFrom(element, seconds);
    },
  }));

  if (url.isPending) return <Skeleton className="h-10 w-full" aria-label="Loading the recording" />;
  if (url.isError) return <p className="text-destructive text-sm">The recording could not be loaded: {url.error.message}</p>;

  return (
    <div className="space-y-2">
      <audio
        ref={audio}
        controls
        preload="metadata"
        src={url.data.url}
        // The browser draws the controls; they follow the theme only through color-scheme.
        className="w-full scheme-light dark:scheme-dark"
        aria-label="Call recording"
        data-testid="recording-player"
        onTimeUpdate={(event) => onTimeUpdate?.(event.currentTarget.currentTime)}
        onLoadedMetadata={(event) => {
          if (resumeAt.current !== null) {
            event.currentTarget.currentTime = resumeAt.current;
            resumeAt.current = null;
          }
          if (pendingSeek.current !== null) {
            playFrom(event.currentTarget, pendingSeek.current);
            pendingSeek.current = null;
          }
        }}
        onPlay={() => setBlockedAt(null)}
        onError={(event) => {
          if (new Date(url.data.expiresAt).getTime() > Date.now() + 5_000) return;
          resumeAt.current = event.currentTarget.currentTime;
          void url.refetch();
        }}
      />
      {blockedAt !== null ? (
        <p className="text-muted-foreground text-sm" role="status" data-testid="recording-start">
          Ready at {formatDuration(blockedAt)}: press play to listen from there.
        </p>
      ) : null}
      <Button variant="ghost" size="sm" asChild className="-ml-2">
        <a href={`${url.data.url}&download=1`} download>
          <DownloadIcon aria-hidden="true" />
          Download
        </a>
      </Button>
    </div>
  );
}
