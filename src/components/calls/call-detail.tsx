"use client";

import * as React from "react";
import Link from "next/link";
import { parseAsFloat, useQueryStates } from "nuqs";
import {
  ArrowLeftIcon,
  CircleAlertIcon,
  FileTextIcon,
  MessageSquareIcon,
  MicIcon,
  PhoneIcon,
  ListChecksIcon,
  SparklesIcon,
} from "lucide-react";

import { api, type RouterOutputs } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { formatDuration, humanize } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Alert, AlertDescription, AlertTitle } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Spinner } from "~/components/ui/spinner";
import { LocalTime } from "~/components/local-time";
import { DetailRow } from "~/components/shared/detail-row";
import { useHydrated } from "~/components/use-hydrated";
import { contactDisplayName } from "~/lib/contact-name";
import { CallAnalysis } from "./call-analysis";
import { CallConversation, type ConversationTurn } from "./call-conversation";
import { CallPipeline } from "./call-pipeline";
import { RecordingPlayer, type PlayerHandle } from "./call-recording";
import { CallDirectionIcon, CallStatusBadge } from "./call-status-badge";
import { CallTranscript } from "./call-transcript";
import { TranscriptSpeakers } from "./transcript-speakers";
import { callTitle, directionLabel, isCallActive, LIVE_TRANSCRIPT, sentence, transcriptSpeakers } from "./call-meta";
import { describeEvent, type DescribedEvent, type Tone } from "./call-timeline";
import { CALLS_REFETCH_MS } from "./calls-view";
import { useDial } from "./contact-actions";
import { CreateContactFromCall } from "./create-contact-dialog";

type CallDetailData = RouterOutputs["calls"]["get"];

export const NO_RECORDING = "No recording was made of this call, so there is no transcript or summary.";
export const IN_PROGRESS = "This call is in progress: its recording, transcript and summary appear here once it ends.";

export function CallDetail({ initial, initialConversation }: { initial: CallDetailData; initialConversation: ConversationTurn[] }) {
  const query = api.calls.get.useQuery(
    { id: initial.id },
    { initialData: initial, refetchInterval: CALLS_REFETCH_MS },
  );
  const call = query.data;
  const turns = useConversation(call, initialConversation);
  const dial = useDial();
  const formatPhone = usePhoneFormat();
  const title = callTitle(call, formatPhone);
  const events = React.useMemo(
    () => call.events.map((event) => describeEvent(event, { direction: call.direction, formatPhone })),
    [call.events, call.direction, formatPhone],
  );
  const ours = call.phoneNumber
    ? `${formatPhone(call.phoneNumber.e164)}${call.phoneNumber.label ? ` (${call.phoneNumber.label})` : ""}`
    : call.direction === "inbound"
      ? formatPhone(call.toNumber)
      : formatPhone(call.fromNumber) || "—";

  return (
    <div className="space-y-6">
      <Button variant="ghost" size="sm" asChild className="-ml-2">
        <Link href="/calls">
          <ArrowLeftIcon aria-hidden="true" />
          Calls
        </Link>
      </Button>

      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-3">
          <CallDirectionIcon call={call} className="mt-0.5 size-10" />
          <div className="min-w-0 space-y-1">
            <h1 className="truncate text-2xl font-semibold tracking-tight">{title}</h1>
            <p className="text-muted-foreground flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              <span>{directionLabel(call.direction)} call</span>
              <span aria-hidden="true">·</span>
              <LocalTime value={call.startedAt} />
              <CallStatusBadge status={call.status} />
            </p>
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {!call.contact ? <CreateContactFromCall callId={call.id} number={call.counterpartNumber} size="default" /> : null}
          <Button
            variant="outline"
            disabled={dial.isPending || isCallActive(call.status)}
            onClick={() => dial.mutate(call.contact ? { contactId: call.contact.id, number: call.counterpartNumber } : { number: call.counterpartNumber })}
          >
            {dial.isPending ? <Spinner aria-hidden /> : <PhoneIcon aria-hidden="true" />}
            Call back
          </Button>
          <Button variant="outline" asChild>
            <Link
              href={
                call.contact
                  ? `/messages?contact=${encodeURIComponent(call.contact.id)}`
                  : `/messages?number=${encodeURIComponent(call.counterpartNumber)}`
              }
            >
              <MessageSquareIcon aria-hidden="true" />
              Text
            </Link>
          </Button>
        </div>
      </div>

      {call.errorDetail ? (
        <Alert variant={call.errorDetail.startsWith("not sent") ? "default" : "destructive"}>
          <CircleAlertIcon />
          <AlertTitle>The call was not placed</AlertTitle>
          <AlertDescription>
            <p>
              {sentence(call.errorDetail)}
              {call.errorDetail.includes("TELNYX_API_KEY") ? (
                <>
                  {" "}
                  — set it in the server’s environment to place calls (see{" "}
                  <Link href="/settings#providers" className="underline underline-offset-4">
                    Settings → Providers
                  </Link>
                  ).
                </>
              ) : null}
            </p>
          </AlertDescription>
        </Alert>
      ) : null}

      {/* What the call said comes first (on a phone the details would push it two screens down). */}
      {call.hasRecording || call.transcriptText !== null ? (
        <CallIntelligence call={call} />
      ) : (
        <p className="text-muted-foreground text-sm">{isCallActive(call.status) ? IN_PROGRESS : NO_RECORDING}</p>
      )}

      {turns.length > 0 ? <ReceptionistConversation call={call} turns={turns} /> : null}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-5">
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader>
            <CardTitle>
              <h2>Details</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <DetailRow label="Status">
                <CallStatusBadge status={call.status} />
              </DetailRow>
              <DetailRow label="Contact">
                {call.contact ? (
                  <Link href={`/contacts/${call.contact.id}`} className="font-medium underline-offset-4 hover:underline">
                    {contactDisplayName(call.contact)}
                  </Link>
                ) : (
                  <span className="text-muted-foreground">Unknown caller</span>
                )}
              </DetailRow>
              <DetailRow label="From">{formatPhone(call.fromNumber) || "—"}</DetailRow>
              <DetailRow label="To">{formatPhone(call.toNumber) || "—"}</DetailRow>
              <DetailRow label="Your number">{ours}</DetailRow>
              <DetailRow label="Started">
                <LocalTime value={call.startedAt} />
              </DetailRow>
              <DetailRow label="Answered">{call.answeredAt ? <LocalTime value={call.answeredAt} format="time" /> : "—"}</DetailRow>
              <DetailRow label="Ended">{call.endedAt ? <LocalTime value={call.endedAt} format="time" /> : "—"}</DetailRow>
              <DetailRow label="Duration">
                <span className="tabular-nums">{formatDuration(call.durationSeconds)}</span>
              </DetailRow>
              {call.hangupCause ? (
                <DetailRow label="Hang-up">
                  {humanize(call.hangupCause)}
                  {call.hangupSource ? <span className="text-muted-foreground"> · by {call.hangupSource}</span> : null}
                </DetailRow>
              ) : null}
            </dl>
          </CardContent>
        </Card>

        <Card className="min-w-0 lg:col-span-3">
          <CardHeader>
            <CardTitle>
              <h2>Timeline</h2>
            </CardTitle>
            <CardDescription>What Telnyx reported and what Switchboard did, in order.</CardDescription>
          </CardHeader>
          <CardContent>
            {events.length === 0 ? (
              <p className="text-muted-foreground text-sm">
                {isCallActive(call.status) ? "Nothing has happened on this call yet." : "No Telnyx events were recorded for this call."}
              </p>
            ) : (
              <ol className="relative space-y-4 border-l pl-5" aria-label="Call events">
                {events.map((event) => (
                  <TimelineEntry key={event.id} event={event} />
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

/**
 * Summary (with the action items), recording, transcript and the pipeline's progress, sharing one
 * player. One column on a phone in reading order (summary, player, transcript, processing); two
 * on a wide screen (summary and transcript beside the player and processing). The columns are
 * `contents` below lg so their slots take the one column's order.
 */
function CallIntelligence({ call }: { call: CallDetailData }) {
  const player = React.useRef<PlayerHandle>(null);
  const [currentTime, setCurrentTime] = React.useState<number | null>(null);
  useStartAt(call, player, setCurrentTime);
  const formatPhone = usePhoneFormat();
  const speakerOf = React.useMemo(() => transcriptSpeakers(call, formatPhone), [call, formatPhone]);
  const speakerName = React.useCallback((speaker: number) => speakerOf(speaker).name, [speakerOf]);
  const speakers = React.useMemo(() => [...new Set(call.transcriptSegments.map((segment) => segment.speaker))], [call.transcriptSegments]);
  const fetchStage = call.pipeline.find((stage) => stage.stage === "fetch");

  return (
    <section aria-label="Recording, transcript and summary" className="grid grid-cols-1 gap-4 lg:grid-cols-5">
      <div className="contents min-w-0 lg:col-span-3 lg:block lg:space-y-4">
        <ProcessingSlot icon={SparklesIcon} title="Summary" className="order-1">
          {call.summary !== null ? (
            <CallAnalysis call={call} />
          ) : (
            note(stageMessage(call.pipeline, "analyze", "The summary, sentiment and action items appear here once the transcript is analysed."))
          )}
        </ProcessingSlot>
        <ProcessingSlot icon={FileTextIcon} title="Transcript" className="order-3">
          {call.transcriptText !== null ? (
            <>
              {speakers.length > 0 ? <TranscriptSpeakers callId={call.id} speakers={speakers} speakerOf={speakerOf} /> : null}
              <CallTranscript
                segments={call.transcriptSegments}
                text={call.transcriptText}
                speakerName={speakerName}
                currentTime={currentTime}
                onSeek={call.recordingStored ? (seconds) => player.current?.seekTo(seconds) : null}
              />
            </>
          ) : (
            note(stageMessage(call.pipeline, "transcribe", "The transcript appears here once the recording is transcribed."))
          )}
        </ProcessingSlot>
      </div>
      <div className="contents min-w-0 lg:col-span-2 lg:block lg:space-y-4">
        <ProcessingSlot icon={MicIcon} title="Recording" className="order-2">
          {call.recordingStored ? (
            <RecordingPlayer ref={player} callId={call.id} onTimeUpdate={setCurrentTime} />
          ) : fetchStage?.status === "failed" ? (
            note("The recording could not be copied from Telnyx; see Processing.")
          ) : call.hasRecording ? (
            note("Telnyx saved a recording; it is being copied into storage.")
          ) : (
            note("This call has a transcript but no recording.")
          )}
        </ProcessingSlot>
        <ProcessingSlot icon={ListChecksIcon} title="Processing" className="order-4">
          <CallPipeline callId={call.id} stages={call.pipeline} />
        </ProcessingSlot>
      </div>
    </section>
  );
}

/** `?t=` on a call's link: the second to play from. */
const startAtParams = { t: parseAsFloat };

/**
 * /calls/<id>?t=17 (a search hit in the transcript): the player moves to that second and plays
 * (paused there when the browser blocks autoplay), and the transcript marks the segment said then.
 * Followed once, then dropped from the URL (so Back or a reload does not jump again); kept while
 * the recording is still being copied, to be followed once it is there.
 */
function useStartAt(call: CallDetailData, player: React.RefObject<PlayerHandle | null>, setCurrentTime: (seconds: number) => void) {
  const [{ t }, setParams] = useQueryStates(startAtParams, { history: "replace" });
  const recordingComing = call.hasRecording && !call.recordingStored && call.pipeline.find((stage) => stage.stage === "fetch")?.status !== "failed";
  React.useEffect(() => {
    if (t === null) return;
    if (Number.isFinite(t) && t >= 0) {
      setCurrentTime(t);
      if (call.recordingStored) player.current?.seekTo(t);
      else if (recordingComing) return;
      // A long transcript scrolls (inside its box only, not the page) to the segment said then.
      requestAnimationFrame(() => {
        const list = document.querySelector<HTMLElement>('[aria-label="Transcript segments"]');
        const segment = list?.querySelector<HTMLElement>('[aria-current="true"]');
        if (list && segment) list.scrollTop += segment.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
      });
    }
    void setParams({ t: null });
  }, [t, call.recordingStored, recordingComing, player, setCurrentTime, setParams]);
}

/**
 * The receptionist's turns on this call: loaded with the page, then polled while the call is on
 * (each turn is stored as it ends, so the conversation grows live), and read once more when the
 * call ends so its last turn is complete.
 */
function useConversation(call: CallDetailData, initial: ConversationTurn[]) {
  const active = isCallActive(call.status);
  const utils = api.useUtils();
  const query = api.voice.conversation.useQuery(
    { callId: call.id },
    { initialData: initial, refetchInterval: active ? CALLS_REFETCH_MS : false },
  );
  const wasActive = React.useRef(active);
  React.useEffect(() => {
    if (wasActive.current && !active) void utils.voice.conversation.invalidate({ callId: call.id });
    wasActive.current = active;
  }, [active, call.id, utils]);
  return query.data;
}

/** The conversation under the names the transcript uses (the agent's own, the caller's or their number). */
function ReceptionistConversation({ call, turns }: { call: CallDetailData; turns: ConversationTurn[] }) {
  const formatPhone = usePhoneFormat();
  // A call with turns is the agent's even before its transcript is stored (at the end of the call).
  const speakerOf = React.useMemo(
    () => transcriptSpeakers({ ...call, transcriptProvider: LIVE_TRANSCRIPT.provider }, formatPhone),
    [call, formatPhone],
  );
  return <CallConversation turns={turns} callerName={speakerOf(LIVE_TRANSCRIPT.caller).name} agentName={speakerOf(LIVE_TRANSCRIPT.agent).name} />;
}

function note(text: string) {
  return <p className="text-muted-foreground text-sm">{text}</p>;
}

/** Why a slot is empty, from its stage: skipped with a reason, failed, or still to come. */
function stageMessage(pipeline: CallDetailData["pipeline"], stage: string, pending: string): string {
  const view = pipeline.find((s) => s.stage === stage);
  if (view?.status === "skipped" && view.reason) return `Skipped: ${view.reason}.${view.hint ? ` ${view.hint}` : ""}`;
  if (view?.status === "failed") return "This stage failed; see Processing for the error and to re-run it.";
  if (view?.reason === "waiting for a transcript") return "Waiting for a transcript (see Processing).";
  return pending;
}

function ProcessingSlot({
  icon: Icon,
  title,
  className,
  children,
}: {
  icon: React.ComponentType<{ className?: string; "aria-hidden"?: boolean | "true" }>;
  title: string;
  className?: string;
  children: React.ReactNode;
}) {
  const id = `call-slot-${title.toLowerCase()}`;
  return (
    <Card className={cn("min-w-0 gap-3", className)} aria-labelledby={id} role="region">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Icon className="text-muted-foreground size-4" aria-hidden="true" />
          <h2 id={id}>{title}</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-2">{children}</CardContent>
    </Card>
  );
}

const TONE_DOT: Record<Tone, string> = {
  default: "bg-primary",
  success: "bg-success",
  warning: "bg-warning",
  error: "bg-destructive",
  muted: "bg-muted-foreground/50",
};

const TONE_TEXT: Record<Tone, string> = {
  default: "text-muted-foreground",
  success: "text-muted-foreground",
  warning: "text-warning",
  error: "text-destructive",
  muted: "text-muted-foreground",
};

function TimelineEntry({ event }: { event: DescribedEvent }) {
  return (
    <li className="relative">
      <span
        className={cn("ring-background absolute top-1.5 -left-[25px] size-2.5 rounded-full ring-4", TONE_DOT[event.tone])}
        aria-hidden="true"
      />
      <div className="flex items-start justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
          <span className={cn("text-sm font-medium", event.tone === "muted" && "text-muted-foreground font-normal")}>
            {event.title}
          </span>
          <Badge variant="outline" className="text-muted-foreground px-1.5 py-0 text-[10px] font-normal">
            {event.kind === "intent" ? "Switchboard" : "Telnyx"}
          </Badge>
        </div>
        <EventTime value={event.at} />
      </div>
      {event.detail ? <p className={cn("text-sm", TONE_TEXT[event.tone])}>{event.detail}</p> : null}
    </li>
  );
}

/** "2:05:17 PM" in the viewer's zone (UTC until hydrated, like LocalTime). */
function EventTime({ value }: { value: Date }) {
  const hydrated = useHydrated();
  const text = new Intl.DateTimeFormat(undefined, {
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    timeZone: hydrated ? undefined : "UTC",
  }).format(value);
  return (
    <time dateTime={value.toISOString()} className="text-muted-foreground shrink-0 pt-0.5 text-xs whitespace-nowrap tabular-nums">
      {text}
    </time>
  );
}
