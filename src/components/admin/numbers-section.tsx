"use client";

import * as React from "react";
import { CircleAlertIcon, InfoIcon, PencilIcon, PhoneIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Skeleton } from "~/components/ui/skeleton";
import { EmptyState } from "~/components/shared/empty-state";
import { errorMessage } from "~/components/shared/form-errors";
import { AddNumberDialog } from "./number-add-dialog";
import { AssigneeSelect, assigneeName } from "./number-assignee-select";
import { EditNumberDialog } from "./number-edit-dialog";

type ManagedNumber = RouterOutputs["phoneNumbers"]["all"]["numbers"][number];

/**
 * The owner's Telnyx numbers and who each is assigned to (/admin → Phone numbers): add one (from
 * the Telnyx account's numbers, or typed when there is no key), reassign it, edit its ids, remove
 * it. Renders no heading of its own: the admin page puts it under "Phone numbers".
 */
export function NumbersSection() {
  const formatPhone = usePhoneFormat();
  const utils = api.useUtils();
  const query = api.phoneNumbers.all.useQuery();
  const [adding, setAdding] = React.useState(0);
  const [editing, setEditing] = React.useState<ManagedNumber | null>(null);
  const [removing, setRemoving] = React.useState<ManagedNumber | null>(null);

  const refresh = () => Promise.all([utils.phoneNumbers.all.invalidate(), utils.phoneNumbers.available.invalidate(), utils.phoneNumbers.list.invalidate()]);
  const assign = api.phoneNumbers.assign.useMutation({
    onSuccess: async (n) => {
      await refresh();
      toast.success(`Calls and texts to ${formatPhone(n.e164)} now reach ${n.user.name ?? n.user.email}.`);
    },
    onError: (e) => toast.error(errorMessage(e, "Could not reassign the number.")),
  });
  const remove = api.phoneNumbers.delete.useMutation();

  if (query.isPending) {
    return (
      <div className="space-y-2" role="status" aria-label="Loading phone numbers">
        <Skeleton className="h-9 w-32" />
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-16 w-full" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <Alert variant="destructive">
        <CircleAlertIcon />
        <AlertDescription className="flex flex-wrap items-center gap-2">
          Could not load the phone numbers. {errorMessage(query.error)}
          <Button size="sm" variant="outline" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }

  const { numbers, users, telnyxLive } = query.data;
  const owner = users.find((u) => u.role === "owner");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="text-muted-foreground max-w-prose text-sm">
          Each number is assigned to one user: calls and texts to it reach them, and they call and text from it. Reassigning
          moves future calls and texts only.
        </p>
        <Button onClick={() => setAdding((n) => n + 1)}>
          <PlusIcon aria-hidden="true" />
          Add number
        </Button>
      </div>
      {telnyxLive ? null : (
        <Alert>
          <InfoIcon />
          <AlertDescription>
            TELNYX_API_KEY is not set: numbers are added without checking a Telnyx account, and calls and texts are recorded
            as not sent.
          </AlertDescription>
        </Alert>
      )}

      {numbers.length === 0 ? (
        <EmptyState icon={PhoneIcon}>No numbers yet. Add the numbers of your Telnyx account and assign each to a user.</EmptyState>
      ) : (
        <ul className="divide-y rounded-lg border" aria-label="Phone numbers of this Switchboard">
          {numbers.map((n) => {
            const name = formatPhone(n.e164);
            return (
              <li key={n.id} className="flex flex-col gap-3 p-3 sm:flex-row sm:items-center sm:p-4" aria-label={name}>
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium tabular-nums">{name}</span>
                    {n.label ? <span className="text-muted-foreground text-sm">{n.label}</span> : null}
                    {n.isDefault ? <Badge variant="secondary">Default for {n.user.name ?? n.user.email}</Badge> : null}
                  </p>
                  <dl className="text-muted-foreground grid gap-x-4 gap-y-0.5 text-xs sm:flex sm:flex-wrap">
                    <div className="flex min-w-0 gap-1">
                      <dt className="shrink-0">Connection:</dt>
                      {n.connectionId ? (
                        <dd className="min-w-0 truncate font-mono">{n.connectionId}</dd>
                      ) : (
                        <dd className="text-warning">not set (calls cannot be placed)</dd>
                      )}
                    </div>
                    <div className="flex min-w-0 gap-1">
                      <dt className="shrink-0">Messaging profile:</dt>
                      <dd className="min-w-0 truncate font-mono">{n.messagingProfileId ?? "not set"}</dd>
                    </div>
                  </dl>
                </div>
                <div className="flex items-center gap-2">
                  <AssigneeSelect
                    label="Assigned to"
                    users={users}
                    value={n.user.id}
                    onChange={(userId) => assign.mutate({ id: n.id, userId })}
                    disabled={assign.isPending && assign.variables?.id === n.id}
                    className="w-full sm:w-64"
                  />
                  <Button variant="ghost" size="icon-sm" aria-label={`Edit ${name}`} onClick={() => setEditing(n)}>
                    <PencilIcon aria-hidden="true" />
                  </Button>
                  <Button variant="ghost" size="icon-sm" aria-label={`Remove ${name}`} onClick={() => setRemoving(n)}>
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}

      {adding > 0 ? (
        <AddNumberDialog
          key={adding}
          live={telnyxLive}
          users={users}
          defaultUserId={owner?.id ?? users[0]?.id ?? ""}
          onOpenChange={(open) => (open ? undefined : setAdding(0))}
          onSaved={refresh}
        />
      ) : null}
      {editing ? (
        <EditNumberDialog key={editing.id} number={editing} onOpenChange={(open) => (open ? undefined : setEditing(null))} onSaved={refresh} />
      ) : null}
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={removing ? `Remove ${formatPhone(removing.e164)}?` : "Remove number?"}
        description={
          removing
            ? `Its calls and texts stay with ${assigneeName(removing.user)}. New calls and texts to it will no longer reach anyone on this Switchboard.`
            : undefined
        }
        confirmLabel="Remove number"
        destructive
        onConfirm={async () => {
          if (!removing) return;
          try {
            await remove.mutateAsync({ id: removing.id });
            await refresh();
            toast.success(`${formatPhone(removing.e164)} removed.`);
          } catch (e) {
            toast.error(errorMessage(e as Parameters<typeof errorMessage>[0], "Could not remove the number."));
            throw e;
          }
        }}
      />
    </div>
  );
}
