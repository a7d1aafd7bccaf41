"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { PencilIcon } from "lucide-react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { nameSpeakerInput } from "~/server/calls/schemas";
import { api } from "~/trpc/react";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { cn } from "~/lib/utils";
import { Button } from "~/components/ui/button";
import { FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { setServerErrors } from "~/components/shared/form-errors";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import type { TranscriptSpeaker } from "./call-meta";
import { speakerStyle } from "./call-transcript";

/**
 * Who speaks in the transcript, each in its colour, in the order they first speak. A speaker the
 * call does not name (a mono recording's voices, a caller with no contact) has a button that
 * opens a small form in its place to name it; the name is kept on the call and shown on that
 * speaker's segments. Save, Cancel or Escape return to the button.
 */
export function TranscriptSpeakers({
  callId,
  speakers,
  speakerOf,
}: {
  callId: string;
  /** The speaker numbers in the transcript. */
  speakers: number[];
  speakerOf: (speaker: number) => TranscriptSpeaker;
}) {
  const [editing, setEditing] = React.useState<number | null>(null);
  // The speaker whose button takes focus back when it mounts again. Focusing from the button's ref
  // (not a requestAnimationFrame after setEditing) because React may commit after the frame, when
  // the button does not exist yet and focus would fall to the page.
  const returnFocusTo = React.useRef<number | null>(null);
  const stopEditing = (speaker: number) => {
    returnFocusTo.current = speaker;
    setEditing(null);
  };

  return (
    <ul aria-label="Speakers" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      {speakers.map((speaker) => {
        const who = speakerOf(speaker);
        const style = speakerStyle(speaker);
        if (editing === speaker && who.unnamed !== null) {
          return (
            <li key={speaker} className="basis-full">
              <SpeakerNameForm callId={callId} speaker={speaker} who={{ name: who.name, unnamed: who.unnamed }} onDone={() => stopEditing(speaker)} />
            </li>
          );
        }
        const named = who.unnamed !== null && who.name !== who.unnamed;
        return (
          <li key={speaker} className="flex min-w-0 items-center gap-1.5">
            <span className={cn("size-2.5 shrink-0 rounded-full border-2", style.bar)} aria-hidden="true" />
            <span className={cn("truncate font-medium", style.label)}>{who.name}</span>
            {who.unnamed !== null ? (
              <Button
                ref={(el) => {
                  if (el && returnFocusTo.current === speaker) {
                    returnFocusTo.current = null;
                    el.focus();
                  }
                }}
                type="button"
                variant="ghost"
                size="icon"
                className="text-muted-foreground hover:text-foreground size-7"
                aria-label={named ? `Rename ${who.name} (${who.unnamed})` : `Name ${who.name}`}
                onClick={() => setEditing(speaker)}
              >
                <PencilIcon aria-hidden="true" />
              </Button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

const nameForm = z.object({ name: nameSpeakerInput.shape.name });
type Values = z.input<typeof nameForm>;

/** The name for one speaker; blank goes back to what the call calls it ("Speaker 2"). */
function SpeakerNameForm({
  callId,
  speaker,
  who,
  onDone,
}: {
  callId: string;
  speaker: number;
  who: { name: string; unnamed: string };
  onDone: () => void;
}) {
  const utils = api.useUtils();
  const ids = fieldIds(`speaker-${speaker}`, "transcript");
  // Ctrl/⌘+Enter submits as in every form (Enter alone already does in the input).
  const hotkeyRef = useSubmitHotkey();
  const form = useForm<Values, unknown, z.output<typeof nameForm>>({
    resolver: zodResolver(nameForm),
    defaultValues: { name: who.name === who.unnamed ? "" : who.name },
  });
  const { errors } = form.formState;
  // One line under the input: the name's problem, or what else went wrong (a transcript replaced meanwhile).
  const error = errors.name?.message ?? errors.root?.server?.message;

  const save = api.calls.nameSpeaker.useMutation({
    onError: (e) => setServerErrors(form, e, ["name"]),
    onSuccess: async ({ speakerNames }) => {
      utils.calls.get.setData({ id: callId }, (prev) => (prev ? { ...prev, speakerNames } : prev));
      onDone();
      await utils.calls.get.invalidate({ id: callId });
    },
  });

  const onSubmit = form.handleSubmit(({ name }) => {
    if (!save.isPending) save.mutate({ id: callId, speaker, name });
  });

  return (
    <form
      ref={hotkeyRef}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !save.isPending) {
          e.preventDefault();
          onDone();
        }
      }}
      aria-label={`Name ${who.unnamed}`}
      aria-busy={save.isPending || undefined}
      className="grid gap-1.5"
    >
      <Label htmlFor={ids.input}>Name for {who.unnamed}</Label>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          id={ids.input}
          {...form.register("name")}
          autoFocus
          autoComplete="off"
          readOnly={save.isPending}
          maxLength={FIELD_LIMITS.speakerName}
          placeholder={who.unnamed}
          className="max-w-xs min-w-40 flex-1"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(error && ids.error, ids.description)}
        />
        <Button type="submit" size="sm" disabled={save.isPending} aria-busy={save.isPending || undefined}>
          {save.isPending ? <Spinner aria-hidden /> : null}
          Save
        </Button>
        <Button type="button" size="sm" variant="ghost" disabled={save.isPending} onClick={onDone}>
          Cancel
        </Button>
      </div>
      <FieldDescription id={ids.description}>Shown on this call’s transcript. Leave it empty for “{who.unnamed}”.</FieldDescription>
      <FieldError id={ids.error}>{error}</FieldError>
    </form>
  );
}
