"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "~/components/ui/dialog";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import { contactDisplayName } from "~/lib/contact-name";
import {
  ContactFields,
  contactFormErrors,
  contactInputFromForm,
  emptyContactForm,
  type ContactFieldErrors,
  type ContactFormValues,
} from "./contact-form";

/** "New contact": every field of a contact; Enter (or Ctrl+Enter in notes) creates it. */
export function NewContactDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const utils = api.useUtils();
  const router = useRouter();
  // Ctrl/⌘+Enter submits from anywhere in the form (Enter alone already does in inputs).
  const hotkeyRef = useSubmitHotkey();
  const [values, setValues] = React.useState<ContactFormValues>(emptyContactForm);
  const [fieldErrors, setFieldErrors] = React.useState<ContactFieldErrors>({});
  const [formError, setFormError] = React.useState<string | null>(null);

  const create = api.contacts.create.useMutation({
    onError: (error) => {
      const split = contactFormErrors(error, values);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
    onSuccess: async (contact) => {
      await Promise.all([utils.contacts.list.invalidate(), utils.contacts.tags.invalidate(), utils.contacts.companies.invalidate()]);
      toast.success(`Contact “${contactDisplayName(contact)}” created.`, {
        action: { label: "Open", onClick: () => router.push(`/contacts/${contact.id}`) },
      });
      setValues(emptyContactForm());
      onOpenChange(false);
    },
  });

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (create.isPending) return;
    setFieldErrors({});
    setFormError(null);
    create.mutate(contactInputFromForm(values));
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (!create.isPending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-xl">
        <form ref={hotkeyRef} noValidate onSubmit={onSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>New contact</DialogTitle>
            <DialogDescription>Only the first name is required. Phone numbers can be typed in any format.</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />
          <ContactFields
            idPrefix="new-contact"
            values={values}
            errors={fieldErrors}
            disabled={create.isPending}
            autoFocus
            onChange={(field, value) => setValues((prev) => ({ ...prev, [field]: value }))}
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending} aria-busy={create.isPending || undefined}>
              {create.isPending ? <Spinner aria-hidden /> : null}
              Create contact
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
