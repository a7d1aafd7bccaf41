"use client";

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
import { setServerErrors } from "~/components/shared/form-errors";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import { contactDisplayName } from "~/lib/contact-name";
import { ContactFields, contactErrorRoute, emptyContactForm, useContactForm } from "./contact-form";

/** "New contact": every field of a contact; Enter (or Ctrl+Enter in notes) creates it. */
export function NewContactDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const utils = api.useUtils();
  const router = useRouter();
  // Ctrl/⌘+Enter submits from anywhere in the form (Enter alone already does in inputs).
  const hotkeyRef = useSubmitHotkey();
  // Kept while the dialog is closed (until a contact is created), like a draft.
  const form = useContactForm(emptyContactForm);

  const create = api.contacts.create.useMutation({
    // The form is read-only while saving, so its values are the ones that were sent.
    onError: (error) => setServerErrors(form, error, contactErrorRoute(form.getValues())),
    onSuccess: async (contact) => {
      await Promise.all([utils.contacts.list.invalidate(), utils.contacts.tags.invalidate(), utils.contacts.companies.invalidate()]);
      toast.success(`Contact “${contactDisplayName(contact)}” created.`, {
        action: { label: "Open", onClick: () => router.push(`/contacts/${contact.id}`) },
      });
      form.reset(emptyContactForm());
      onOpenChange(false);
    },
  });

  const onSubmit = form.handleSubmit((input) => {
    if (!create.isPending) create.mutate(input);
  });

  return (
    <Dialog open={open} onOpenChange={(next) => (!create.isPending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-xl">
        <form ref={hotkeyRef} noValidate onSubmit={onSubmit} className="grid gap-4" aria-busy={create.isPending || undefined}>
          <DialogHeader>
            <DialogTitle>New contact</DialogTitle>
            <DialogDescription>Only the first name is required. Phone numbers can be typed in any format.</DialogDescription>
          </DialogHeader>
          <FormError message={form.formState.errors.root?.server?.message} />
          <ContactFields form={form} idPrefix="new-contact" pending={create.isPending} autoFocus />
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
