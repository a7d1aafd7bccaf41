"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { skipToken } from "@tanstack/react-query";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { countText, formatCount } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Combobox } from "~/components/ui/combobox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Label } from "~/components/ui/label";
import { RadioGroup, RadioGroupItem } from "~/components/ui/radio-group";
import { Spinner } from "~/components/ui/spinner";
import { contactDisplayName } from "~/lib/contact-name";
import { errorMessage } from "~/components/shared/form-errors";
import { useContactSearch } from "~/hooks/use-contact-search";
import { mergedContact } from "./merge-preview";

type ContactData = RouterOutputs["contacts"]["get"];

/**
 * "Merge…" on a contact's page: pick the duplicate, choose which of the two to keep, see what the
 * kept contact will look like and what moves over, then merge (contacts.merge). The page then
 * shows the kept contact.
 */
export function MergeContactDialog({
  open,
  onOpenChange,
  current,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  current: ContactData;
}) {
  const router = useRouter();
  const utils = api.useUtils();
  const contactSearch = useContactSearch(open);
  const [otherId, setOtherId] = React.useState<string | undefined>(undefined);
  const [keep, setKeep] = React.useState<"current" | "other">("current");
  const [error, setError] = React.useState<string | null>(null);
  const other = api.contacts.get.useQuery(open && otherId ? { id: otherId } : skipToken, { retry: false });

  const otherData = otherId ? other.data : undefined;
  const [kept, merged] = otherData
    ? keep === "current"
      ? [current, otherData]
      : [otherData, current]
    : [undefined, undefined];

  function reset() {
    onOpenChange(false);
    setOtherId(undefined);
    setKeep("current");
    setError(null);
  }

  const merge = api.contacts.merge.useMutation({
    onError: (e) => {
      setError(
        e.data?.code === "NOT_FOUND"
          ? "One of these contacts no longer exists. Reload the page and try again."
          : errorMessage(e, "Could not merge the contacts. Please try again."),
      );
    },
  });

  function close(next: boolean) {
    if (next) onOpenChange(true);
    else if (!merge.isPending) reset();
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!kept || !merged || merge.isPending) return;
    setError(null);
    const names = { kept: contactDisplayName(kept.contact), merged: contactDisplayName(merged.contact) };
    let saved: RouterOutputs["contacts"]["merge"]["contact"];
    try {
      ({ contact: saved } = await merge.mutateAsync({ survivorId: kept.contact.id, duplicateId: merged.contact.id }));
    } catch {
      return; // onError has put the message in the dialog.
    }
    toast.success(`Merged “${names.merged}” into “${names.kept}”.`);
    reset();
    // The kept contact's page may be served from this cache: show its merged fields right away;
    // the invalidation then brings its counts up to date.
    utils.contacts.get.setData({ id: saved.id }, (prev) => (prev ? { ...prev, contact: saved } : prev));
    if (saved.id !== current.contact.id) router.push(`/contacts/${saved.id}`);
    await Promise.all([
      utils.contacts.get.invalidate({ id: saved.id }),
      utils.contacts.timeline.invalidate(),
      utils.contacts.list.invalidate(),
      utils.contacts.tags.invalidate(),
      utils.contacts.companies.invalidate(),
    ]);
  }

  const currentName = contactDisplayName(current.contact);
  const options = contactSearch.options.filter((o) => o.value !== current.contact.id);

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-xl">
        <form noValidate onSubmit={(e) => void onSubmit(e)} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Merge {currentName} with a duplicate</DialogTitle>
            <DialogDescription>
              Two contacts become one. Choose the other contact, then which of the two to keep.
            </DialogDescription>
          </DialogHeader>
          {error ? (
            <Alert variant="destructive">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          ) : null}
          <Field>
            <Label htmlFor="merge-other-contact">Merge with</Label>
            <Combobox
              id="merge-other-contact"
              value={otherId}
              onChange={(id) => {
                setOtherId(id);
                setError(null);
              }}
              options={options}
              onSearchChange={contactSearch.setSearch}
              loading={contactSearch.loading}
              disabled={merge.isPending}
              placeholder="Choose a contact"
              searchPlaceholder="Search contacts…"
              emptyText="No other contacts found."
            />
          </Field>

          {otherId && other.isPending ? (
            <p className="text-muted-foreground flex items-center gap-2 text-sm" role="status">
              <Spinner aria-hidden />
              Loading the contact…
            </p>
          ) : null}
          {otherId && other.error ? (
            <Alert variant="destructive">
              <AlertDescription>
                {other.error.data?.code === "NOT_FOUND"
                  ? "That contact no longer exists. Choose another one."
                  : errorMessage(other.error, "Could not load that contact.")}
              </AlertDescription>
            </Alert>
          ) : null}

          {otherData && kept && merged ? (
            <>
              <fieldset className="grid gap-2">
                <legend className="mb-2 text-sm leading-none font-medium">Keep</legend>
                <RadioGroup
                  value={keep}
                  onValueChange={(value) => setKeep(value === "other" ? "other" : "current")}
                  disabled={merge.isPending}
                  className="grid gap-2 sm:grid-cols-2"
                >
                  <KeepOption value="current" data={current} note="this contact" />
                  <KeepOption value="other" data={otherData} />
                </RadioGroup>
              </fieldset>
              <MergePreview kept={kept} merged={merged} />
            </>
          ) : null}

          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => close(false)} disabled={merge.isPending}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="destructive"
              disabled={!kept || merge.isPending}
              aria-busy={merge.isPending || undefined}
            >
              {merge.isPending ? <Spinner aria-hidden /> : null}
              {merged ? `Merge and delete ${contactDisplayName(merged.contact)}` : "Merge"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function KeepOption({ value, data, note }: { value: "current" | "other"; data: ContactData; note?: string }) {
  const id = `merge-keep-${value}`;
  const { contact, counts } = data;
  const formatPhone = usePhoneFormat();
  const details = [
    contact.company,
    contact.phones[0] ? formatPhone(contact.phones[0]) : contact.emails[0],
    countText(counts.calls, "call"),
  ].filter(Boolean);
  return (
    <Label
      htmlFor={id}
      className="has-[[data-state=checked]]:border-primary has-[[data-state=checked]]:bg-primary/5 items-start rounded-md border p-3 font-normal"
    >
      <RadioGroupItem id={id} value={value} aria-label={`Keep ${contactDisplayName(contact)}${note ? ` (${note})` : ""}`} className="mt-0.5" />
      <span className="grid min-w-0 gap-1">
        <span className="truncate font-medium">
          {contactDisplayName(contact)}
          {note ? <span className="text-muted-foreground font-normal"> ({note})</span> : null}
        </span>
        <span className="text-muted-foreground truncate text-xs">{details.join(" · ")}</span>
      </span>
    </Label>
  );
}

/** What the merge will do, in the terms of mergeContacts (~/server/contacts/merge). */
function MergePreview({ kept, merged }: { kept: ContactData; merged: ContactData }) {
  const keptName = contactDisplayName(kept.contact);
  const mergedName = contactDisplayName(merged.contact);
  const result = mergedContact(kept.contact, merged.contact);
  const formatPhone = usePhoneFormat();
  const rows: Array<[string, string]> = [
    ["Name", contactDisplayName(result)],
    ["Emails", result.emails.join(", ")],
    ["Phones", result.phones.map(formatPhone).join(", ")],
    ["Company", result.company ?? ""],
    ["Job title", result.jobTitle ?? ""],
    ["Tags", result.tags.map((t) => `#${t}`).join(" ")],
  ];
  return (
    <section aria-label="What merging does" className="grid gap-3 rounded-md border p-3 text-sm">
      <p>
        <strong className="font-medium">{keptName}</strong> is kept and will read:
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {rows.map(([label, value]) => (
          <React.Fragment key={label}>
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="min-w-0 break-words">{value || <span className="text-muted-foreground">—</span>}</dd>
          </React.Fragment>
        ))}
      </dl>
      <ul className="text-muted-foreground list-disc space-y-1 pl-5">
        <li>
          {mergedName}’s calls ({formatCount(merged.counts.calls)}), texts ({formatCount(merged.counts.messages)}), tasks,
          reminders and scheduled calls move to {keptName}.
        </li>
        <li>Calendar events with {mergedName} list {keptName} instead.</li>
        {merged.contact.notes?.trim() ? <li>{mergedName}’s notes are added after {keptName}’s.</li> : null}
        <li>{keptName} keeps the higher relationship score and the later “last contacted” date.</li>
      </ul>
      <p className="text-destructive font-medium">{mergedName} is then deleted. This cannot be undone.</p>
    </section>
  );
}
