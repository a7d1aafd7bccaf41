"use client";

import * as React from "react";
import { CircleAlertIcon, MoreHorizontalIcon, PencilIcon, PhoneIcon, PlusIcon, StarIcon, Trash2Icon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { formatPhone } from "~/lib/format";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "~/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { Switch } from "~/components/ui/switch";
import { EmptyState } from "~/components/dashboard/empty-state";
import { errorMessage, splitFormErrors } from "~/components/calendar/form-errors";
import { SettingsCard } from "./settings-card";

type PhoneNumber = RouterOutputs["phoneNumbers"]["list"][number];

const FIELDS = ["number", "label", "connectionId", "messagingProfileId"] as const;
type FieldName = (typeof FIELDS)[number];
const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "phone-number")])) as Record<FieldName, ReturnType<typeof fieldIds>>;

export function PhoneNumbersSection({ initial }: { initial: PhoneNumber[] }) {
  const utils = api.useUtils();
  const query = api.phoneNumbers.list.useQuery(undefined, { initialData: initial });
  const numbers = query.data;
  const [dialog, setDialog] = React.useState<{ key: number; number: PhoneNumber | null } | null>(null);
  const [removing, setRemoving] = React.useState<PhoneNumber | null>(null);

  const refresh = () => Promise.all([utils.phoneNumbers.list.invalidate(), utils.phoneNumbers.status.invalidate()]);
  const makeDefault = api.phoneNumbers.update.useMutation({
    onSuccess: async (n) => {
      await refresh();
      toast.success(`${formatPhone(n.e164)} is now your default number.`);
    },
    onError: (e) => toast.error(errorMessage(e, "Could not change the default number.")),
  });
  const remove = api.phoneNumbers.delete.useMutation();

  const add = () => setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, number: null }));

  return (
    <SettingsCard
      id="phone-numbers"
      title="Phone numbers"
      description="Your Telnyx numbers. Calls and texts to them land here; click-to-call and texts go out from the default one."
      action={
        <Button onClick={add}>
          <PlusIcon aria-hidden="true" />
          Add number
        </Button>
      }
    >
      {numbers.length === 0 ? (
        <EmptyState icon={PhoneIcon}>
          No numbers yet. Add the number you bought in Telnyx with its Call Control connection id and messaging profile
          id.
        </EmptyState>
      ) : (
        <ul className="divide-y rounded-lg border" aria-label="Your Telnyx numbers">
          {numbers.map((n) => (
            <li key={n.id} className="flex items-start gap-3 p-3 sm:items-center sm:p-4">
              <span className="bg-muted text-muted-foreground hidden size-9 shrink-0 items-center justify-center rounded-full sm:flex">
                <PhoneIcon className="size-4" aria-hidden="true" />
              </span>
              <div className="min-w-0 flex-1 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium tabular-nums">{formatPhone(n.e164)}</span>
                  {n.label ? <span className="text-muted-foreground text-sm">{n.label}</span> : null}
                  {n.isDefault ? <Badge variant="secondary">Default</Badge> : null}
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
                    {n.messagingProfileId ? (
                      <dd className="min-w-0 truncate font-mono">{n.messagingProfileId}</dd>
                    ) : (
                      <dd>not set</dd>
                    )}
                  </div>
                </dl>
              </div>
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${formatPhone(n.e164)}`}>
                    <MoreHorizontalIcon aria-hidden="true" />
                  </Button>
                </DropdownMenuTrigger>
                <DropdownMenuContent align="end">
                  <DropdownMenuItem onSelect={() => setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, number: n }))}>
                    <PencilIcon aria-hidden="true" />
                    Edit
                  </DropdownMenuItem>
                  <DropdownMenuItem
                    disabled={n.isDefault || makeDefault.isPending}
                    onSelect={() => makeDefault.mutate({ id: n.id, isDefault: true })}
                  >
                    <StarIcon aria-hidden="true" />
                    Set as default
                  </DropdownMenuItem>
                  <DropdownMenuSeparator />
                  <DropdownMenuItem variant="destructive" onSelect={() => setRemoving(n)}>
                    <Trash2Icon aria-hidden="true" />
                    Remove
                  </DropdownMenuItem>
                </DropdownMenuContent>
              </DropdownMenu>
            </li>
          ))}
        </ul>
      )}

      {dialog ? (
        <PhoneNumberDialog
          key={dialog.key}
          number={dialog.number}
          first={numbers.length === 0}
          onOpenChange={(open) => (open ? undefined : setDialog(null))}
          onSaved={refresh}
        />
      ) : null}

      <ConfirmDialog
        open={!!removing}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={removing ? `Remove ${formatPhone(removing.e164)}?` : "Remove number?"}
        description="Its calls and texts stay. New calls and texts to it will no longer reach this account."
        confirmLabel="Remove number"
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
    </SettingsCard>
  );
}

function PhoneNumberDialog({
  number,
  first,
  onOpenChange,
  onSaved,
}: {
  /** The number to edit; null adds one. */
  number: PhoneNumber | null;
  first: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: () => Promise<unknown>;
}) {
  const [state, setState] = React.useState({
    number: number ? formatPhone(number.e164) : "",
    label: number?.label ?? "",
    connectionId: number?.connectionId ?? "",
    messagingProfileId: number?.messagingProfileId ?? "",
    isDefault: number?.isDefault ?? first,
  });
  const [fieldErrors, setFieldErrors] = React.useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);

  const onError = (error: Parameters<typeof splitFormErrors>[0]) => {
    const split = splitFormErrors(error, FIELDS);
    setFieldErrors(split.fieldErrors);
    setFormError(split.formError);
    const firstField = FIELDS.find((f) => split.fieldErrors[f]);
    if (firstField) requestAnimationFrame(() => document.getElementById(ids[firstField].input)?.focus());
  };
  const done = async (message: string) => {
    await onSaved();
    toast.success(message);
    onOpenChange(false);
  };
  const create = api.phoneNumbers.create.useMutation({ onError, onSuccess: (n) => done(`${formatPhone(n.e164)} added.`) });
  const update = api.phoneNumbers.update.useMutation({ onError, onSuccess: (n) => done(`${formatPhone(n.e164)} saved.`) });
  const pending = create.isPending || update.isPending;

  function set<K extends keyof typeof state>(key: K, value: (typeof state)[K]) {
    setState((prev) => ({ ...prev, [key]: value }));
    if (key in fieldErrors) setFieldErrors((prev) => ({ ...prev, [key]: undefined }));
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setFieldErrors({});
    setFormError(null);
    const common = { label: state.label, connectionId: state.connectionId, messagingProfileId: state.messagingProfileId };
    if (number) update.mutate({ id: number.id, ...common, ...(state.isDefault && !number.isDefault ? { isDefault: true } : {}) });
    else create.mutate({ number: state.number, ...common, isDefault: state.isDefault });
  }

  function inputProps(field: FieldName, described?: boolean) {
    const error = fieldErrors[field];
    return {
      id: ids[field].input,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error && ids[field].error, described && ids[field].description),
    } as const;
  }

  return (
    <Dialog open onOpenChange={(next) => (!pending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{number ? "Edit number" : "Add a Telnyx number"}</DialogTitle>
          <DialogDescription>
            Copy these from the Telnyx portal: the number, its Call Control application (connection) id and its messaging
            profile id.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending || undefined}>
          {formError ? (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <Field>
            <Label htmlFor={ids.number.input}>Number</Label>
            <Input
              {...inputProps("number", true)}
              type="tel"
              inputMode="tel"
              value={state.number}
              onChange={(e) => set("number", e.target.value)}
              disabled={!!number}
              autoFocus={!number}
              placeholder="+1 415 555 0123"
            />
            <FieldDescription id={ids.number.description}>
              {number ? "To change the number itself, remove it and add the new one." : "A number belongs to one account."}
            </FieldDescription>
            <FieldError id={ids.number.error}>{fieldErrors.number}</FieldError>
          </Field>
          <Field>
            <Label htmlFor={ids.label.input}>Label</Label>
            <Input
              {...inputProps("label")}
              value={state.label}
              onChange={(e) => set("label", e.target.value)}
              maxLength={100}
              placeholder="Main line"
              autoFocus={!!number}
            />
            <FieldError id={ids.label.error}>{fieldErrors.label}</FieldError>
          </Field>
          <Field>
            <Label htmlFor={ids.connectionId.input}>Connection id</Label>
            <Input
              {...inputProps("connectionId", true)}
              value={state.connectionId}
              onChange={(e) => set("connectionId", e.target.value)}
              maxLength={100}
              className="font-mono"
              placeholder="1684641123236054244"
              autoComplete="off"
            />
            <FieldDescription id={ids.connectionId.description}>
              The Call Control application’s id: needed to place and forward calls.
            </FieldDescription>
            <FieldError id={ids.connectionId.error}>{fieldErrors.connectionId}</FieldError>
          </Field>
          <Field>
            <Label htmlFor={ids.messagingProfileId.input}>Messaging profile id</Label>
            <Input
              {...inputProps("messagingProfileId", true)}
              value={state.messagingProfileId}
              onChange={(e) => set("messagingProfileId", e.target.value)}
              maxLength={100}
              className="font-mono"
              placeholder="40017f8e-49bd-4f16-9e3d-ef103f916228"
              autoComplete="off"
            />
            <FieldDescription id={ids.messagingProfileId.description}>Used to send texts from this number.</FieldDescription>
            <FieldError id={ids.messagingProfileId.error}>{fieldErrors.messagingProfileId}</FieldError>
          </Field>
          <div className="flex items-center gap-2">
            <Switch
              id="phone-number-default"
              checked={state.isDefault}
              onCheckedChange={(v) => set("isDefault", v)}
              disabled={first || (!!number && number.isDefault)}
            />
            <Label htmlFor="phone-number-default">Default number for calls and texts</Label>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner aria-hidden /> : null}
              {number ? "Save number" : "Add number"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
