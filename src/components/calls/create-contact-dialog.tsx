"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import { UserPlusIcon } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";

import { createContactFromCallInput } from "~/server/calls/schemas";
import { api } from "~/trpc/react";
import { countText, plural } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "~/components/ui/dialog";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { contactDisplayName } from "~/lib/contact-name";

const nameForm = createContactFromCallInput.omit({ id: true });
type Values = z.input<typeof nameForm>;

const FIELDS = ["firstName", "lastName"] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * "Create contact" for an unknown caller (calls.createContact): names the contact (the number
 * when left blank) and attaches every call and text with that number to it.
 */
export function CreateContactFromCall({
  callId,
  number,
  size = "sm",
  className,
}: {
  callId: string;
  number: string;
  size?: "sm" | "default";
  className?: string;
}) {
  const [open, setOpen] = React.useState(false);
  const formatPhone = usePhoneFormat();
  return (
    <>
      <Button
        type="button"
        variant="outline"
        size={size}
        className={className}
        onClick={() => setOpen(true)}
        aria-label={`Create contact for ${formatPhone(number)}`}
      >
        <UserPlusIcon aria-hidden="true" />
        Create contact
      </Button>
      {open ? <CreateContactDialog callId={callId} number={number} open={open} onOpenChange={setOpen} /> : null}
    </>
  );
}

function CreateContactDialog({
  callId,
  number,
  open,
  onOpenChange,
}: {
  callId: string;
  number: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const utils = api.useUtils();
  const router = useRouter();
  const formatPhone = usePhoneFormat();
  const ids = React.useMemo(
    () => Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, `create-contact-${callId}`)])) as Record<FieldName, ReturnType<typeof fieldIds>>,
    [callId],
  );
  const form = useForm<Values, unknown, z.output<typeof nameForm>>({
    resolver: zodResolver(nameForm),
    defaultValues: { firstName: "", lastName: "" },
  });
  const { errors } = form.formState;
  const fieldErrors: Partial<Record<FieldName, string>> = { firstName: errors.firstName?.message, lastName: errors.lastName?.message };

  const create = api.calls.createContact.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async (result) => {
      await Promise.all([utils.calls.invalidate(), utils.messages.invalidate()]);
      const linked = result.linked.calls + result.linked.messages;
      toast.success(
        result.created ? `Contact “${contactDisplayName(result.contact)}” created.` : `Linked to “${contactDisplayName(result.contact)}”.`,
        {
          description:
            linked > 0
              ? `${countText(linked, "call")} and ${plural(linked, "text")} from this number now show on their page.`
              : undefined,
          action: { label: "Open", onClick: () => router.push(`/contacts/${result.contact.id}`) },
        },
      );
      onOpenChange(false);
    },
  });

  // A blank name is left out: the contact is then named after the number.
  const onSubmit = form.handleSubmit(({ firstName, lastName }) => {
    if (!create.isPending) create.mutate({ id: callId, firstName: firstName || undefined, lastName: lastName || undefined });
  });

  return (
    <Dialog open={open} onOpenChange={(next) => (!create.isPending ? onOpenChange(next) : undefined)}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Create contact</DialogTitle>
          <DialogDescription>
            A contact for {formatPhone(number)}. Their calls and texts will show on their page.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={create.isPending || undefined}>
          <FormError message={errors.root?.server?.message} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.firstName.input}>First name</Label>
              <Input
                id={ids.firstName.input}
                {...form.register("firstName")}
                autoFocus
                maxLength={FIELD_LIMITS.personName}
                placeholder={formatPhone(number)}
                aria-invalid={fieldErrors.firstName ? true : undefined}
                aria-describedby={describedBy(fieldErrors.firstName && ids.firstName.error)}
              />
              <FieldError id={ids.firstName.error}>{fieldErrors.firstName}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.lastName.input}>Last name</Label>
              <Input
                id={ids.lastName.input}
                {...form.register("lastName")}
                maxLength={FIELD_LIMITS.personName}
                aria-invalid={fieldErrors.lastName ? true : undefined}
                aria-describedby={describedBy(fieldErrors.lastName && ids.lastName.error)}
              />
              <FieldError id={ids.lastName.error}>{fieldErrors.lastName}</FieldError>
            </Field>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Spinner aria-hidden /> : null}
              Create contact
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** A link to a contact's page, or nothing. */
export function ContactLink({ contact }: { contact: { id: string; firstName: string; lastName: string | null } }) {
  return (
    <Link href={`/contacts/${contact.id}`} className="font-medium underline-offset-4 hover:underline">
      {contactDisplayName(contact)}
    </Link>
  );
}
