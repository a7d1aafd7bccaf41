"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";

import { sendLimitsInput } from "~/server/usage-limits/schemas";
import { api, type RouterOutputs } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { useHydrated } from "~/components/use-hydrated";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { SettingsCard } from "./settings-card";

type Limits = RouterOutputs["usageLimits"]["get"]["limits"];
type Values = z.input<typeof sendLimitsInput>;

const FIELDS = ["smsPerHour", "smsPerDay", "callsPerHour", "callsPerDay"] as const;
type FieldName = (typeof FIELDS)[number];
const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "limits")])) as Record<FieldName, ReturnType<typeof fieldIds>>;

const LABELS: Record<FieldName, string> = {
  smsPerHour: "Texts per hour",
  smsPerDay: "Texts per day",
  callsPerHour: "Calls per hour",
  callsPerDay: "Calls per day",
};

/** The owner's card: how many texts and calls each user may send (all on the operator's Telnyx bill). */
export function LimitsSection({ initial }: { initial: Limits }) {
  const utils = api.useUtils();
  // An empty or unreadable box is NaN (valueAsNumber), which the schema refuses with "Enter a number.".
  const form = useForm<Values, unknown, z.output<typeof sendLimitsInput>>({
    resolver: zodResolver(sendLimitsInput),
    defaultValues: initial,
  });
  const { errors } = form.formState;
  const hydrated = useHydrated();

  const update = api.usageLimits.update.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async (saved) => {
      form.reset(saved);
      await utils.usageLimits.get.invalidate();
      toast.success("Send limits saved.");
    },
  });

  const onSubmit = form.handleSubmit((values) => {
    if (!update.isPending) update.mutate(values);
  });

  return (
    <SettingsCard
      id="send-limits"
      title="Send limits"
      description="How many texts and calls each user may send from their numbers. Past a limit, sending is refused until the hour or day is over."
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={update.isPending || undefined}>
        <FormError message={errors.root?.server?.message} />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {FIELDS.map((f) => (
            <Field key={f} className="content-start">
              <Label htmlFor={ids[f].input}>{LABELS[f]}</Label>
              <Input
                id={ids[f].input}
                type="number"
                inputMode="numeric"
                min={1}
                max={10000}
                step={1}
                {...form.register(f, { valueAsNumber: true })}
                // Editable once hydrated: react-hook-form writes the default into the input when
                // it attaches, which would silently replace a limit typed before that.
                readOnly={!hydrated}
                aria-invalid={errors[f] ? true : undefined}
                aria-describedby={describedBy(errors[f] && ids[f].error)}
              />
              <FieldError id={ids[f].error}>{errors[f]?.message}</FieldError>
            </Field>
          ))}
        </div>
        <div>
          <Button type="submit" disabled={update.isPending || !hydrated}>
            {update.isPending ? <Spinner aria-hidden /> : null}
            Save limits
          </Button>
        </div>
      </form>
    </SettingsCard>
  );
}
