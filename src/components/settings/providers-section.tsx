"use client";

import * as React from "react";
import { CheckIcon, CircleAlertIcon, CircleCheckIcon, CircleDashedIcon, CopyIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { formatCount, humanize } from "~/lib/format";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { LocalTime } from "~/components/local-time";
import { SettingsCard } from "./settings-card";

type Providers = RouterOutputs["settings"]["get"]["providers"];
type TelephonyStatus = RouterOutputs["phoneNumbers"]["status"];
type ConnectionTest = RouterOutputs["settings"]["testConnection"];
type ConnectionProvider = ConnectionTest["provider"];

const PROVIDERS: Array<{ key: keyof Providers; name: string; does: string; env: string; local: string }> = [
  {
    key: "telnyx",
    name: "Telnyx",
    does: "Calls and texts",
    env: "TELNYX_API_KEY",
    local: "Calls and texts are recorded but not sent (“not sent: TELNYX_API_KEY not set”). Webhooks still work.",
  },
  {
    key: "deepgram",
    name: "Deepgram",
    does: "Transcription",
    env: "DEEPGRAM_API_KEY",
    local: "Recordings are not transcribed; the step is marked skipped.",
  },
  {
    key: "anthropic",
    name: "Anthropic",
    does: "Call summaries, sentiment, action items",
    env: "ANTHROPIC_API_KEY",
    local: "A local analyser (extractive summary, word-list sentiment) labelled “local”.",
  },
  {
    key: "voyage",
    name: "Voyage AI",
    does: "Search embeddings",
    env: "VOYAGE_API_KEY",
    local: "A local hashed n-gram embedder labelled “local”.",
  },
  {
    key: "elevenlabs",
    name: "ElevenLabs",
    does: "Call greetings in a natural voice",
    env: "ELEVENLABS_API_KEY",
    local: "Telnyx’s built-in text-to-speech.",
  },
];

/** Recordings in S3: listed (and testable) only when S3_BUCKET is set; otherwise they are local files. */
const S3_STORAGE = {
  key: "s3" as const,
  name: "S3 storage",
  does: "Recordings and greeting audio",
  env: "S3_BUCKET",
  local: "Recordings are kept on this server’s disk (RECORDINGS_DIR).",
};

/** A key's state as the row shows it: a key that is merely set is not claimed to work. */
const TEST_BADGES: Record<ConnectionTest["status"], { text: string; variant: "success" | "warning" | "destructive" | "outline" }> = {
  ok: { text: "Connected", variant: "success" },
  rejected: { text: "Key rejected", variant: "destructive" },
  unreachable: { text: "Unreachable", variant: "warning" },
  failed: { text: "Failed", variant: "destructive" },
  not_configured: { text: "Not configured", variant: "outline" },
};

const REJECTION_REASONS: Record<string, string> = {
  not_configured: "TELNYX_PUBLIC_KEY not set",
  missing_signature: "No signature",
  malformed_signature: "Unreadable signature",
  bad_signature: "Wrong signature",
  malformed_timestamp: "Unreadable timestamp",
  stale_timestamp: "Timestamp older than 5 minutes",
  too_large: "Body too large",
};

export function ProvidersSection({
  providers,
  storage,
  canTest,
  initialStatus,
  origin,
}: {
  providers: Providers;
  /** Where recordings are kept: S3 gets a row of its own. */
  storage: "s3" | "local";
  /** The owner may test the (instance-wide) keys. */
  canTest: boolean;
  initialStatus: TelephonyStatus;
  /** The app's public origin, for the webhook URLs. */
  origin: string;
}) {
  const status = api.phoneNumbers.status.useQuery(undefined, { initialData: initialStatus, refetchInterval: 15_000 }).data;
  const { telnyx, webhooks } = status;

  return (
    <SettingsCard
      id="providers"
      title="Providers"
      description="Services Switchboard uses when their keys are set in the server’s environment; without a key, a local stand-in does the job."
    >
      <div className="space-y-6">
        <ul className="divide-y rounded-lg border" aria-label="Providers">
          {PROVIDERS.map((p) => (
            <ProviderRow key={p.key} provider={p} configured={providers[p.key]} canTest={canTest} />
          ))}
          {storage === "s3" ? <ProviderRow provider={S3_STORAGE} configured canTest={canTest} /> : null}
        </ul>

        <div className="space-y-4">
          <h3 className="text-sm font-semibold">Telnyx webhooks</h3>
          <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
            <StatusItem label="API key (TELNYX_API_KEY)" ok={telnyx.apiKeyConfigured} okText="Configured" missingText="Not set: calls and texts are not sent" />
            <StatusItem
              label="Public key (TELNYX_PUBLIC_KEY)"
              ok={telnyx.publicKeyConfigured}
              okText="Configured: webhook signatures are verified"
              missingText="Not set: every webhook is refused"
            />
            <div className="space-y-0.5">
              <dt className="text-muted-foreground text-xs">Last webhook received</dt>
              <dd>
                {webhooks.lastReceivedAt ? (
                  <>
                    <LocalTime value={webhooks.lastReceivedAt} format="relative" />
                    {webhooks.lastEventType ? (
                      <span className="text-muted-foreground"> · {webhooks.lastEventType}</span>
                    ) : null}
                  </>
                ) : (
                  <span className="text-muted-foreground">None yet</span>
                )}
              </dd>
            </div>
            <div className="space-y-0.5">
              <dt className="text-muted-foreground text-xs">Failed to process</dt>
              <dd className={cn(webhooks.failedCount > 0 && "text-destructive")}>
                {webhooks.failedCount > 0 ? `${formatCount(webhooks.failedCount)}` : "None"}
              </dd>
            </div>
          </dl>

          <div className="space-y-1.5">
            <p className="text-muted-foreground text-xs">Refused before storage (all accounts)</p>
            {webhooks.rejections.length === 0 ? (
              <p className="text-sm">None</p>
            ) : (
              <ul className="divide-y rounded-md border text-sm" aria-label="Refused webhooks">
                {webhooks.rejections.map((r) => (
                  <li key={r.reason} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 px-3 py-2">
                    <span className="font-medium">{REJECTION_REASONS[r.reason] ?? humanize(r.reason)}</span>
                    <Badge variant="outline" className="tabular-nums">
                      {formatCount(r.count)}
                    </Badge>
                    <span className="text-muted-foreground ml-auto text-xs">
                      last <LocalTime value={r.lastAt} format="relative" />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>

          <div className="space-y-3">
            <p className="text-muted-foreground text-sm">
              Paste these into Telnyx: the voice URL in your Call Control application, the messaging URL in your messaging
              profile (both as “Webhook URL”, API v2).
            </p>
            <CopyField id="webhook-voice" label="Voice webhook URL" value={`${origin}/api/webhooks/telnyx/voice`} />
            <CopyField id="webhook-messaging" label="Messaging webhook URL" value={`${origin}/api/webhooks/telnyx/messaging`} />
          </div>
        </div>
      </div>
    </SettingsCard>
  );
}

function ProviderRow({
  provider: p,
  configured,
  canTest,
}: {
  provider: { key: ConnectionProvider; name: string; does: string; env: string; local: string };
  configured: boolean;
  canTest: boolean;
}) {
  const test = api.settings.testConnection.useMutation();
  const result = test.data;
  const badge = !configured
    ? { text: "Local", variant: "outline" as const }
    : result
      ? TEST_BADGES[result.status]
      : { text: "Key set — not tested", variant: "outline" as const };
  const Icon = !configured || !result ? CircleDashedIcon : result.status === "ok" ? CircleCheckIcon : CircleAlertIcon;
  return (
    <li className="flex flex-col gap-1 p-3 sm:flex-row sm:items-start sm:gap-4 sm:p-4" aria-label={p.name}>
      <div className="flex items-center gap-2 sm:w-56 sm:shrink-0 sm:flex-wrap">
        <Icon
          className={cn(
            "size-4",
            result?.status === "ok" ? "text-success" : result && result.status !== "not_configured" ? "text-destructive" : "text-muted-foreground",
          )}
          aria-hidden="true"
        />
        <span className="font-medium">{p.name}</span>
        <Badge variant={badge.variant} className="ml-auto sm:ml-0" data-testid={`provider-status-${p.key}`}>
          {badge.text}
        </Badge>
      </div>
      <div className="min-w-0 flex-1 text-sm">
        <p>{p.does}</p>
        <p className="text-muted-foreground text-xs">
          {configured ? (
            <>
              Using <code className="font-mono">{p.env}</code>.
            </>
          ) : (
            <>
              <code className="font-mono">{p.env}</code> not set. {p.local}
            </>
          )}
        </p>
        {/* Announced when a test finishes; the key itself is never part of the answer. */}
        <p role="status" className={cn("text-xs", result?.status === "ok" ? "text-success" : "text-destructive")}>
          {result ? result.message : test.isError ? "The test could not be run. Try again." : null}
        </p>
      </div>
      {configured && canTest ? (
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="self-start sm:ml-auto"
          disabled={test.isPending}
          aria-label={`Test the ${p.name} connection`}
          onClick={() => test.mutate({ provider: p.key })}
        >
          {test.isPending ? <Spinner aria-hidden="true" /> : null}
          {test.isPending ? "Testing…" : "Test connection"}
        </Button>
      ) : null}
    </li>
  );
}

function StatusItem({ label, ok, okText, missingText }: { label: string; ok: boolean; okText: string; missingText: string }) {
  return (
    <div className="space-y-0.5">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className={cn("flex items-center gap-1.5", ok ? "text-success" : "text-warning")}>
        {ok ? <CheckIcon className="size-4 shrink-0" aria-hidden="true" /> : <CircleDashedIcon className="size-4 shrink-0" aria-hidden="true" />}
        {ok ? okText : missingText}
      </dd>
    </div>
  );
}

function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input id={id} value={value} readOnly className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <Button
          type="button"
          variant="outline"
          size="icon"
          aria-label={copied ? "Copied" : `Copy ${label}`}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied(true);
            } catch {
              toast.error("Could not copy: select the text and copy it yourself.");
            }
          }}
        >
          {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
        </Button>
      </div>
    </div>
  );
}
