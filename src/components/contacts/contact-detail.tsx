"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  ArrowLeftIcon,
  BriefcaseIcon,
  CalendarClockIcon,
  CalendarPlusIcon,
  ListPlusIcon,
  ListTodoIcon,
  MergeIcon,
  MessageSquareIcon,
  PencilIcon,
  PhoneIcon,
  Trash2Icon,
  type LucideIcon,
} from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { formatCount, initials } from "~/lib/format";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { LocalTime } from "~/components/local-time";
import { DetailRow } from "~/components/shared/detail-row";
import { ContactCommunicationActions } from "~/components/calls/contact-actions";
import { ContactRemindersCard } from "~/components/reminders/contact-reminders-card";
import { KeepInTouchCard } from "~/components/reminders/keep-in-touch-card";
import { contactDisplayName } from "~/lib/contact-name";
import { errorMessage, setServerErrors } from "~/components/shared/form-errors";
import { ContactFields, contactErrorRoute, formFromContact, useContactForm } from "./contact-form";
import { ContactTimeline } from "./contact-timeline";
import { RelationshipCard } from "./relationship-card";
import { MergeContactDialog } from "./merge-dialog";
import { ScoreBadge } from "./score-badge";

type ContactData = RouterOutputs["contacts"]["get"];

export function ContactDetail({ initial }: { initial: ContactData }) {
  const router = useRouter();
  const utils = api.useUtils();
  const query = api.contacts.get.useQuery({ id: initial.contact.id }, { initialData: initial });
  const { contact, counts } = query.data;
  const name = contactDisplayName(contact);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const [merging, setMerging] = React.useState(false);
  const [editing, setEditing] = React.useState(false);
  const editButton = React.useRef<HTMLButtonElement>(null);
  // Back to the read view, with focus on "Edit" so a keyboard user is where they started.
  const stopEditing = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const remove = api.contacts.delete.useMutation();

  const role = [contact.jobTitle, contact.company].filter(Boolean).join(" at ");

  return (
    <div className="space-y-6">
      <Link
        href="/contacts"
        className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm underline-offset-4 hover:underline"
      >
        <ArrowLeftIcon className="size-4" aria-hidden="true" />
        Contacts
      </Link>

      <header className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="flex min-w-0 items-start gap-4">
          <span
            className="bg-primary/10 text-primary flex size-14 shrink-0 items-center justify-center rounded-full text-lg font-semibold"
            aria-hidden="true"
          >
            {initials(name)}
          </span>
          <div className="min-w-0 space-y-1.5">
            <h1 className="truncate text-2xl font-semibold tracking-tight">{name}</h1>
            {role ? (
              <p className="text-muted-foreground flex items-center gap-1.5 text-sm">
                <BriefcaseIcon className="size-4 shrink-0" aria-hidden="true" />
                <span className="truncate">{role}</span>
              </p>
            ) : null}
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <ScoreBadge score={contact.relationshipScore} trend={contact.scoreTrend} />
              <span className="text-muted-foreground">
                {contact.lastContactedAt ? (
                  <>
                    Last contacted <LocalTime value={contact.lastContactedAt} format="relative" />
                  </>
                ) : (
                  "Not contacted yet"
                )}
              </span>
            </div>
            {contact.tags.length > 0 ? (
              <ul aria-label="Tags" className="flex flex-wrap gap-1 pt-1">
                {contact.tags.map((tag) => (
                  <li key={tag}>
                    <Badge variant="secondary" asChild className="font-normal">
                      <Link href={`/contacts?tag=${encodeURIComponent(tag)}`}>#{tag}</Link>
                    </Badge>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
        <div className="flex flex-wrap gap-2 lg:justify-end">
          <ContactCommunicationActions contactId={contact.id} phones={contact.phones} />
          <Button variant="outline" asChild>
            <Link href={`/tasks?contactId=${encodeURIComponent(contact.id)}&new=1`}>
              <ListPlusIcon aria-hidden="true" />
              Add task
            </Link>
          </Button>
          <Button variant="outline" asChild>
            <Link href={`/calendar?contactId=${encodeURIComponent(contact.id)}&new=1`}>
              <CalendarPlusIcon aria-hidden="true" />
              Add event
            </Link>
          </Button>
          <Button variant="outline" onClick={() => setMerging(true)}>
            <MergeIcon aria-hidden="true" />
            Merge…
          </Button>
        </div>
      </header>

      <section aria-label="At a glance" className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <CountCard icon={PhoneIcon} label="Calls" value={counts.calls} href={`/calls?contactId=${encodeURIComponent(contact.id)}`} />
        <CountCard
          icon={MessageSquareIcon}
          label="Messages"
          value={counts.messages}
          href={`/messages?contact=${encodeURIComponent(contact.id)}`}
        />
        <CountCard icon={ListTodoIcon} label="Open tasks" value={counts.openTasks} href="/tasks" />
        <CountCard icon={CalendarClockIcon} label="Upcoming events" value={counts.upcomingEvents} href="/calendar" />
      </section>

      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-3">
          <CardHeader>
            <CardTitle>Details</CardTitle>
            <CardDescription>
              Added <LocalTime value={contact.createdAt} format="date" /> · updated{" "}
              <LocalTime value={contact.updatedAt} format="relative" />
            </CardDescription>
            {editing ? null : (
              <CardAction>
                <Button ref={editButton} variant="outline" size="sm" onClick={() => setEditing(true)}>
                  <PencilIcon aria-hidden="true" />
                  Edit
                </Button>
              </CardAction>
            )}
          </CardHeader>
          <CardContent>
            {editing ? (
              <ContactEditForm key={contact.updatedAt.toString()} contact={contact} onDone={stopEditing} />
            ) : (
              <ContactReadView contact={contact} />
            )}
          </CardContent>
        </Card>

        <div className="space-y-6 lg:col-span-2">
          <RelationshipCard contactId={contact.id} />
          <ContactRemindersCard contactId={contact.id} name={name} />
          <KeepInTouchCard contactId={contact.id} name={name} />
          <Card>
            <CardHeader>
              <CardTitle>Activity</CardTitle>
              <CardDescription>Tasks, events, calls and texts, newest first.</CardDescription>
            </CardHeader>
            <CardContent>
              <ContactTimeline contactId={contact.id} />
            </CardContent>
          </Card>
        </div>
      </div>

      <section aria-label="Danger zone" className="flex flex-col gap-3 rounded-lg border border-dashed p-4 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-muted-foreground text-sm">
          Deleting {name} keeps their calls, texts, tasks and events, unlinked from them.
        </p>
        <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setConfirmDelete(true)}>
          <Trash2Icon aria-hidden="true" />
          Delete contact
        </Button>
      </section>

      <MergeContactDialog open={merging} onOpenChange={setMerging} current={query.data} />

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${name}?`}
        description="Their calls, texts, tasks and events stay, but no longer point to them. This cannot be undone."
        confirmLabel="Delete"
        onConfirm={async () => {
          try {
            await remove.mutateAsync({ id: contact.id });
          } catch (error) {
            toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not delete the contact."));
            throw error;
          }
          toast.success(`Contact “${name}” deleted.`);
          await Promise.all([utils.contacts.list.invalidate(), utils.contacts.tags.invalidate(), utils.contacts.companies.invalidate()]);
          router.push("/contacts");
        }}
      />
    </div>
  );
}

function CountCard({ icon: Icon, label, value, href }: { icon: LucideIcon; label: string; value: number; href: string }) {
  return (
    <Link
      href={href}
      className="hover:bg-accent/40 focus-visible:ring-ring/50 flex items-center gap-3 rounded-lg border p-3 outline-none focus-visible:ring-[3px]"
    >
      <span className="bg-muted text-muted-foreground flex size-9 shrink-0 items-center justify-center rounded-md">
        <Icon className="size-4" aria-hidden="true" />
      </span>
      <span className="min-w-0">
        <span className="block text-xl leading-tight font-semibold tabular-nums">{formatCount(value)}</span>
        <span className="text-muted-foreground block text-xs leading-tight">{label}</span>
      </span>
    </Link>
  );
}

/** The contact's details as a person reads them; "Edit" above it opens the form in its place. */
function ContactReadView({ contact }: { contact: ContactData["contact"] }) {
  const formatPhone = usePhoneFormat();
  const none = <span className="text-muted-foreground">—</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-3 text-sm" aria-label="Contact details">
      <DetailRow label="Name">{contactDisplayName(contact)}</DetailRow>
      <DetailRow label={contact.phones.length > 1 ? "Phones" : "Phone"}>
        {contact.phones.length
          ? contact.phones.map((phone) => (
              <a key={phone} href={`tel:${phone}`} className="block tabular-nums underline-offset-4 hover:underline">
                {formatPhone(phone)}
              </a>
            ))
          : none}
      </DetailRow>
      <DetailRow label={contact.emails.length > 1 ? "Emails" : "Email"}>
        {contact.emails.length
          ? contact.emails.map((email) => (
              <a key={email} href={`mailto:${email}`} className="block break-all underline-offset-4 hover:underline">
                {email}
              </a>
            ))
          : none}
      </DetailRow>
      <DetailRow label="Company">{contact.company ?? none}</DetailRow>
      <DetailRow label="Job title">{contact.jobTitle ?? none}</DetailRow>
      <DetailRow label="Notes">{contact.notes ? <span className="whitespace-pre-wrap">{contact.notes}</span> : none}</DetailRow>
    </dl>
  );
}

/** The contact's form in place of the read view: Save or Cancel (or Escape) return to it. */
function ContactEditForm({ contact, onDone }: { contact: ContactData["contact"]; onDone: () => void }) {
  const utils = api.useUtils();
  const formatPhone = usePhoneFormat();
  // Ctrl/⌘+Enter submits from anywhere in the form (Enter alone already does in inputs).
  const hotkeyRef = useSubmitHotkey();
  const form = useContactForm(() => formFromContact(contact, formatPhone));

  const update = api.contacts.update.useMutation({
    onError: (error) => {
      // The form is read-only while saving, so its values are the ones that were sent.
      setServerErrors(form, error, contactErrorRoute(form.getValues()));
      if (error.data?.code === "NOT_FOUND") toast.error("This contact no longer exists.");
    },
    onSuccess: async (saved) => {
      utils.contacts.get.setData({ id: saved.id }, (prev) => (prev ? { ...prev, contact: saved } : prev));
      toast.success("Contact saved");
      onDone();
      await Promise.all([
        utils.contacts.get.invalidate({ id: saved.id }),
        utils.contacts.list.invalidate(),
        utils.contacts.tags.invalidate(),
        utils.contacts.companies.invalidate(),
      ]);
    },
  });

  const onSubmit = form.handleSubmit((input) => {
    if (!update.isPending) update.mutate({ id: contact.id, ...input });
  });

  return (
    <form
      ref={hotkeyRef}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !update.isPending) {
          e.preventDefault();
          onDone();
        }
      }}
      className="grid gap-4"
      aria-label="Edit contact"
      aria-busy={update.isPending || undefined}
    >
      <FormError message={form.formState.errors.root?.server?.message} />
      <ContactFields form={form} idPrefix="edit-contact" pending={update.isPending} autoFocus />
      <div className="flex items-center justify-end gap-2">
        <Button type="button" variant="ghost" disabled={update.isPending} onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending} aria-busy={update.isPending || undefined}>
          {update.isPending ? <Spinner aria-hidden /> : null}
          Save
        </Button>
      </div>
    </form>
  );
}
