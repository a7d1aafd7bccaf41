"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";

import { updatePhoneNumberInput } from "~/server/phone-numbers/schemas";
import { api, type RouterOutputs } from "~/trpc/react";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { TelnyxIdFields } from "./telnyx-id-fields";

type ManagedNumber = RouterOutputs["phoneNumbers"]["all"]["numbers"][number];

const numberForm = updatePhoneNumberInput.omit({ id: true });
type Values = z.input<typeof numberForm>;

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
  const formatPhone = usePhoneFormat();
  const form = useForm<Values, unknown, z.output<typeof numberForm>>({
    resolver: zodResolver(numberForm),
    defaultValues: {
      label: number.label ?? "",
      connectionId: number.connectionId ?? "",
      messagingProfileId: number.messagingProfileId ?? "",
    },
  });
  const { errors } = form.formState;

  const update = api.phoneNumbers.update.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async (n) => {
      await onSaved();
      toast.success(`${formatPhone(n.e164)} saved.`);
      onOpenChange(false);
    },
  });

  const onSubmit = form.handleSubmit((values) => {
    if (!update.isPending) update.mutate({ id: number.id, ...values });
  });

  const message = (field: FieldName) => errors[field]?.message;

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
          <FormError message={errors.root?.server?.message} />
          <Field>
            <Label htmlFor={ids.label.input}>Label</Label>
            <Input
              id={ids.label.input}
              aria-invalid={message("label") ? true : undefined}
              aria-describedby={describedBy(message("label") && ids.label.error)}
              {...form.register("label")}
              maxLength={FIELD_LIMITS.numberLabel}
              placeholder="Main line"
              autoFocus
            />
            <FieldError id={ids.label.error}>{message("label")}</FieldError>
          </Field>
          <TelnyxIdFields
            ids={ids}
            register={form.register}
            errors={{ connectionId: message("connectionId"), messagingProfileId: message("messagingProfileId") }}
          />
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
