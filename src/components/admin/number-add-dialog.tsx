"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { CircleAlertIcon, InfoIcon } from "lucide-react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { createPhoneNumberInput } from "~/server/phone-numbers/schemas";
import { api } from "~/trpc/react";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { useDebouncedSearch } from "~/hooks/use-debounced-value";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { RadioGroup, RadioGroupItem } from "~/components/ui/radio-group";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { focusById } from "~/components/shared/form-schema";
import { AssigneeSelect, type Assignee } from "./number-assignee-select";
import { TelnyxIdFields } from "./telnyx-id-fields";

/** Typed by hand without a Telnyx key; picked from the account's numbers with one (its ids come from Telnyx). */
const typedNumberForm = createPhoneNumberInput;
const pickedNumberForm = createPhoneNumberInput.extend({
  number: z.string().min(1, "Choose one of your Telnyx account's numbers.").pipe(createPhoneNumberInput.shape.number),
});
type Values = z.input<typeof typedNumberForm>;

const FIELDS = ["number", "label", "connectionId", "messagingProfileId", "userId"] as const;
type FieldName = (typeof FIELDS)[number] | "search";
const ids = Object.fromEntries([...FIELDS, "search"].map((f) => [f, fieldIds(f, "add-number")])) as Record<FieldName, ReturnType<typeof fieldIds>>;

/**
 * Adds a number. With TELNYX_API_KEY the owner picks one of the Telnyx account's numbers (its ids
 * come from Telnyx); without a key they type the number and its ids, and are told nothing is sent.
 */
export function AddNumberDialog({
  live,
  users,
  defaultUserId,
  onOpenChange,
  onSaved,
}: {
  live: boolean;
  users: Assignee[];
  defaultUserId: string;
  onOpenChange: (open: boolean) => void;
  onSaved: () => Promise<unknown>;
}) {
  const formatPhone = usePhoneFormat();
  const form = useForm<Values, unknown, z.output<typeof typedNumberForm>>({
    resolver: zodResolver(live ? pickedNumberForm : typedNumberForm),
    defaultValues: { number: "", label: "", connectionId: "", messagingProfileId: "", userId: defaultUserId },
  });
  const { errors } = form.formState;

  const create = api.phoneNumbers.create.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async (n) => {
      await onSaved();
      toast.success(`${formatPhone(n.e164)} added.`);
      onOpenChange(false);
    },
  });

  const onSubmit = form.handleSubmit(({ connectionId, messagingProfileId, ...values }) => {
    if (create.isPending) return;
    create.mutate({ ...values, ...(live ? {} : { connectionId, messagingProfileId }) });
  });

  const error = (field: (typeof FIELDS)[number]) => errors[field]?.message;
  const inputProps = (field: (typeof FIELDS)[number]) =>
    ({
      id: ids[field].input,
      "aria-invalid": error(field) ? true : undefined,
      "aria-describedby": describedBy(error(field) && ids[field].error),
    }) as const;

  return (
    <Dialog open onOpenChange={(next) => (!create.isPending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Add a number</DialogTitle>
          <DialogDescription>
            {live
              ? "Pick one of your Telnyx account's numbers and the user whose calls and texts it carries."
              : "Type the number and, from the Telnyx portal, its connection and messaging profile ids."}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={create.isPending || undefined}>
          <FormError message={errors.root?.server?.message} />
          {live ? (
            <Controller
              control={form.control}
              name="number"
              render={({ field }) => {
                field.ref(focusById(ids.number.input));
                return <AccountNumberPicker value={field.value} onChange={field.onChange} error={error("number")} />;
              }}
            />
          ) : (
            <>
              <Alert>
                <InfoIcon />
                <AlertDescription>
                  TELNYX_API_KEY is not set: the number is not checked against a Telnyx account, and calls and texts are
                  recorded as not sent.
                </AlertDescription>
              </Alert>
              <Field>
                <Label htmlFor={ids.number.input}>Number</Label>
                <Input {...inputProps("number")} {...form.register("number")} type="tel" inputMode="tel" autoFocus placeholder="+1 415 555 0123" />
                <FieldError id={ids.number.error}>{error("number")}</FieldError>
              </Field>
              <TelnyxIdFields
                ids={ids}
                register={form.register}
                errors={{ connectionId: error("connectionId"), messagingProfileId: error("messagingProfileId") }}
              />
            </>
          )}
          <Field>
            <Label htmlFor={ids.label.input}>Label</Label>
            <Input {...inputProps("label")} {...form.register("label")} maxLength={FIELD_LIMITS.numberLabel} placeholder="Main line" />
            <FieldError id={ids.label.error}>{error("label")}</FieldError>
          </Field>
          <Field>
            <Label htmlFor={ids.userId.input}>Assign to</Label>
            <Controller
              control={form.control}
              name="userId"
              render={({ field }) => {
                field.ref(focusById(ids.userId.input));
                return (
                  <AssigneeSelect
                    id={ids.userId.input}
                    users={users}
                    value={field.value ?? defaultUserId}
                    onChange={field.onChange}
                    invalid={!!error("userId")}
                    describedBy={describedBy(error("userId") && ids.userId.error, ids.userId.description)}
                  />
                );
              }}
            />
            <FieldDescription id={ids.userId.description}>Calls and texts to the number reach this user.</FieldDescription>
            <FieldError id={ids.userId.error}>{error("userId")}</FieldError>
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Spinner aria-hidden /> : null}
              Add number
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The Telnyx account's numbers not on Switchboard yet, searchable by digits. */
function AccountNumberPicker({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (e164: string) => void;
  error?: string;
}) {
  const formatPhone = usePhoneFormat();
  const [search, setSearch] = React.useState("");
  // Telnyx is asked once typing pauses, not on every key.
  const query = useDebouncedSearch(search);
  const digits = query.replace(/\D/g, "").length;
  const tooShort = digits > 0 && digits < 3;
  const available = api.phoneNumbers.available.useQuery(query && !tooShort ? { search: query } : {}, {
    enabled: !tooShort,
    staleTime: 30_000,
    retry: false,
  });
  const numbers = available.data?.numbers ?? [];
  const invalidSearch = (available.error?.data?.zodError?.fieldErrors as Record<string, string[] | undefined> | undefined)?.search?.[0];
  const searchMessage = tooShort ? "Type at least three digits." : invalidSearch;

  return (
    <div className="grid gap-3">
      <Field>
        <Label htmlFor={ids.search.input}>Search your Telnyx numbers</Label>
        <Input
          id={ids.search.input}
          type="search"
          inputMode="tel"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Digits, e.g. 415"
          autoFocus
          aria-invalid={searchMessage ? true : undefined}
          aria-describedby={describedBy(searchMessage && ids.search.error)}
        />
        <FieldError id={ids.search.error}>{searchMessage}</FieldError>
      </Field>
      <fieldset className="grid gap-2" aria-describedby={describedBy(error && ids.number.error, ids.number.description)}>
        <legend className="mb-2 text-sm font-medium">Telnyx number</legend>
        {tooShort || invalidSearch ? null : available.isPending ? (
          <p className="text-muted-foreground flex items-center gap-2 text-sm" role="status">
            <Spinner aria-hidden /> Asking Telnyx for the account’s numbers…
          </p>
        ) : available.isError ? (
          <Alert variant="destructive">
            <CircleAlertIcon />
            <AlertDescription className="flex flex-wrap items-center gap-2">
              {available.error.message}
              <Button type="button" size="sm" variant="outline" onClick={() => void available.refetch()}>
                Try again
              </Button>
            </AlertDescription>
          </Alert>
        ) : numbers.length === 0 ? (
          <p className="text-muted-foreground text-sm">
            {query ? "No number of your Telnyx account that is not on Switchboard yet contains these digits." : "Every number of your Telnyx account is on Switchboard already (or the account has none)."}
          </p>
        ) : (
          <RadioGroup
            id={ids.number.input}
            value={value}
            onValueChange={onChange}
            aria-label="Telnyx number"
            aria-invalid={error ? true : undefined}
            className="max-h-64 gap-0 overflow-y-auto rounded-md border"
          >
            {numbers.map((n) => {
              const itemId = `add-number-option-${n.telnyxNumberId}`;
              return (
                <div key={n.telnyxNumberId} className="flex items-start gap-3 border-b p-3 last:border-b-0">
                  <RadioGroupItem value={n.e164} id={itemId} className="mt-0.5" />
                  <Label htmlFor={itemId} className="grid min-w-0 flex-1 gap-0.5 font-normal">
                    <span className="font-medium tabular-nums">{formatPhone(n.e164)}</span>
                    <span className="text-muted-foreground truncate text-xs">
                      {n.connectionName ?? n.connectionId ?? "no Call Control connection"} · {n.messagingProfileName ?? n.messagingProfileId ?? "no messaging profile"}
                      {n.status === "active" ? "" : ` · ${n.status}`}
                    </span>
                  </Label>
                </div>
              );
            })}
          </RadioGroup>
        )}
        <FieldDescription id={ids.number.description}>
          {available.data?.truncated
            ? `Showing the first ${available.data.limit} numbers of your Telnyx account; type digits to find others.`
            : "Numbers already on this Switchboard are not listed."}
        </FieldDescription>
        <FieldError id={ids.number.error}>{error}</FieldError>
      </fieldset>
    </div>
  );
}
