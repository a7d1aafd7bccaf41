"use client";

import * as React from "react";
import { CircleAlertIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { formatPhone } from "~/lib/format";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { splitFormErrors } from "~/components/shared/form-errors";
import { TelnyxIdFields } from "./telnyx-id-fields";

type ManagedNumber = RouterOutputs["phoneNumbers"]["all"]["numbers"][number];

const FIELDS = ["label", "connectionId", "messagingProfileId"] as const;
type FieldName = (typeof FIELDS)[number];
const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "edit-number")])) as Record<FieldName, ReturnType<typeof fieldIds>>;

/** The owner edits a number's label and the Telnyx ids calls and texts use. */
export function EditNumberDialog({
  number,
  onOpenChange,
  onSaved,
}: {
  number: ManagedNumber;
  onOpenChange: (open: boolean) => void;
  onSaved: () => Promise<unknown>;
}) {
  const [state, setState] = React.useState({
    label: number.label ?? "",
    connectionId: number.connectionId ?? "",
    messagingProfileId: number.messagingProfileId ?? "",
  });
  const [fieldErrors, setFieldErrors] = React.useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);

  const update = api.phoneNumbers.update.useMutation({
    onError: (error) => {
      const split = splitFormErrors(error, FIELDS);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
      const first = FIELDS.find((f) => split.fieldErrors[f]);
      if (first) requestAnimationFrame(() => document.getElementById(ids[first].input)?.focus());
    },
    onSuccess: async (n) => {
      await onSaved();
      toast.success(`${formatPhone(n.e164)} saved.`);
      onOpenChange(false);
    },
  });

  function set(key: FieldName, value: string) {
    setState((prev) => ({ ...prev, [key]: value }));
    if (fieldErrors[key]) setFieldErrors((prev) => ({ ...prev, [key]: undefined }));
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (update.isPending) return;
    setFieldErrors({});
    setFormError(null);
    update.mutate({ id: number.id, ...state });
  }

  const inputProps = (field: FieldName) =>
    ({
      id: ids[field].input,
      "aria-invalid": fieldErrors[field] ? true : undefined,
      "aria-describedby": describedBy(fieldErrors[field] && ids[field].error),
    }) as const;

  return (
    <Dialog open onOpenChange={(next) => (!update.isPending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Edit {formatPhone(number.e164)}</DialogTitle>
          <DialogDescription>
            {number.telnyxNumberId
              ? "The ids were copied from your Telnyx account when the number was added; change them if you rewired it in Telnyx."
              : "Copy the ids from the Telnyx portal."}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={update.isPending || undefined}>
          {formError ? (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <Field>
            <Label htmlFor={ids.label.input}>Label</Label>
            <Input {...inputProps("label")} value={state.label} onChange={(e) => set("label", e.target.value)} maxLength={100} placeholder="Main line" autoFocus />
            <FieldError id={ids.label.error}>{fieldErrors.label}</FieldError>
          </Field>
          <TelnyxIdFields ids={ids} values={state} errors={fieldErrors} onChange={set} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={update.isPending}>
              Cancel
            </Button>
            <Button type="submit" disabled={update.isPending}>
              {update.isPending ? <Spinner aria-hidden /> : null}
              Save number
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
