"use client";

import * as React from "react";
import { useRouter } from "next/navigation";

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
import { Field, FieldDescription, FieldError } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { useContactSearch } from "~/hooks/use-contact-search";
import { threadHref } from "./message-meta";

/** Opens a conversation with a contact or any number (the thread page does the sending). */
export function NewMessageDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const contacts = useContactSearch(open);
  const [contactId, setContactId] = React.useState<string | undefined>(undefined);
  const [number, setNumber] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);

  function reset(next: boolean) {
    if (!next) {
      setContactId(undefined);
      setNumber("");
      setError(null);
    }
    onOpenChange(next);
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const trimmed = number.trim();
    if (!contactId && !trimmed) {
      setError("Choose a contact or enter a number.");
      return;
    }
    if (!contactId && !/\d{3,}/.test(trimmed.replace(/[\s().-]/g, ""))) {
      setError("Enter a phone number, e.g. +1 415 555 0123.");
      return;
    }
    router.push(contactId ? threadHref({ contactId }) : threadHref({ number: trimmed }));
    reset(false);
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>New message</DialogTitle>
          <DialogDescription>Text one of your contacts, or any number.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <Field>
            <Label htmlFor="new-message-contact">Contact</Label>
            <Combobox
              id="new-message-contact"
              value={contactId}
              onChange={(value) => {
                setContactId(value);
                if (value) setNumber("");
                setError(null);
              }}
              options={contacts.options}
              onSearchChange={contacts.setSearch}
              loading={contacts.loading}
              placeholder="Choose a contact"
              searchPlaceholder="Search contacts…"
              emptyText="No contacts found."
            />
          </Field>
          <p className="text-muted-foreground text-center text-xs">or</p>
          <Field>
            <Label htmlFor="new-message-number">Phone number</Label>
            <Input
              id="new-message-number"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              value={number}
              onChange={(e) => {
                setNumber(e.target.value);
                if (e.target.value) setContactId(undefined);
                setError(null);
              }}
              placeholder="+1 415 555 0123"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "new-message-error" : "new-message-number-hint"}
            />
            <FieldDescription id="new-message-number-hint">Numbers without a country code use your default region.</FieldDescription>
            <FieldError id="new-message-error">{error}</FieldError>
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => reset(false)}>
              Cancel
            </Button>
            <Button type="submit">Open conversation</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
