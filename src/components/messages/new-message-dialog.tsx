"use client";

import type { ChangeEvent } from "react";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";

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
import { focusById } from "~/components/shared/form-schema";
import { useContactSearch } from "~/hooks/use-contact-search";
import { threadHref } from "./message-meta";

/** A contact, or a number that looks like one (the thread page reads it with the user's region). */
const newMessageForm = z
  .object({ contactId: z.string().optional(), number: z.string().trim() })
  .superRefine(({ contactId, number }, ctx) => {
    if (contactId) return;
    if (!number) ctx.addIssue({ code: "custom", path: ["number"], message: "Choose a contact or enter a number." });
    else if (!/\d{3,}/.test(number.replace(/[\s().-]/g, ""))) {
      ctx.addIssue({ code: "custom", path: ["number"], message: "Enter a phone number, e.g. +1 415 555 0123." });
    }
  });
type Values = z.input<typeof newMessageForm>;

/** Opens a conversation with a contact or any number (the thread page does the sending). */
export function NewMessageDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const contacts = useContactSearch(open);
  const form = useForm<Values, unknown, z.output<typeof newMessageForm>>({
    resolver: zodResolver(newMessageForm),
    defaultValues: { contactId: undefined, number: "" },
  });
  const error = form.formState.errors.number?.message ?? null;

  function reset(next: boolean) {
    if (!next) form.reset();
    onOpenChange(next);
  }

  const onSubmit = form.handleSubmit(({ contactId, number }) => {
    router.push(contactId ? threadHref({ contactId }) : threadHref({ number }));
    reset(false);
  });

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
            <Controller
              control={form.control}
              name="contactId"
              render={({ field }) => {
                field.ref(focusById("new-message-contact"));
                return (
                  <Combobox
                    id="new-message-contact"
                    value={field.value}
                    onChange={(value) => {
                      field.onChange(value);
                      // One or the other: choosing a contact clears the number.
                      if (value) form.setValue("number", "");
                      form.clearErrors();
                    }}
                    options={contacts.options}
                    onSearchChange={contacts.setSearch}
                    loading={contacts.loading}
                    placeholder="Choose a contact"
                    searchPlaceholder="Search contacts…"
                    emptyText="No contacts found."
                  />
                );
              }}
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
              {...form.register("number", {
                onChange: (e: ChangeEvent<HTMLInputElement>) => {
                  // One or the other: typing a number clears the contact.
                  if (e.target.value) form.setValue("contactId", undefined);
                  form.clearErrors();
                },
              })}
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
