"use client";

import * as React from "react";
import { CircleAlertIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { splitFormErrors } from "~/components/shared/form-errors";
import { SettingsCard } from "./settings-card";

type Limits = RouterOutputs["usageLimits"]["get"]["limits"];

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
  const [values, setValues] = React.useState<Record<FieldName, string>>(
    () => Object.fromEntries(FIELDS.map((f) => [f, String(initial[f])])) as Record<FieldName, string>,
  );
  const [fieldErrors, setFieldErrors] = React.useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);

  const update = api.usageLimits.update.useMutation({
    onError: (error) => {
      const split = splitFormErrors(error, FIELDS);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
      const first = FIELDS.find((f) => split.fieldErrors[f]);
      if (first) requestAnimationFrame(() => document.getElementById(ids[first].input)?.focus());
    },
    onSuccess: async (saved) => {
      setValues(Object.fromEntries(FIELDS.map((f) => [f, String(saved[f])])) as Record<FieldName, string>);
      await utils.usageLimits.get.invalidate();
      toast.success("Send limits saved.");
    },
  });

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (update.isPending) return;
    setFieldErrors({});
    setFormError(null);
    // An empty or unreadable box goes to the server as NaN, which answers with that field's error.
    update.mutate(Object.fromEntries(FIELDS.map((f) => [f, values[f].trim() === "" ? Number.NaN : Number(values[f])])) as Limits);
  }

  return (
    <SettingsCard
      id="send-limits"
      title="Send limits"
      description="How many texts and calls each user may send from their numbers. Past a limit, sending is refused until the hour or day is over."
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={update.isPending || undefined}>
        {formError ? (
          <Alert variant="destructive">
            <CircleAlertIcon />
            <AlertDescription>{formError}</AlertDescription>
          </Alert>
        ) : null}
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
                value={values[f]}
                onChange={(e) => {
                  const value = e.target.value;
                  setValues((prev) => ({ ...prev, [f]: value }));
                  if (fieldErrors[f]) setFieldErrors((prev) => ({ ...prev, [f]: undefined }));
                }}
                aria-invalid={fieldErrors[f] ? true : undefined}
                aria-describedby={describedBy(fieldErrors[f] && ids[f].error)}
              />
              <FieldError id={ids[f].error}>{fieldErrors[f]}</FieldError>
            </Field>
          ))}
        </div>
        <div>
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? <Spinner aria-hidden /> : null}
            Save limits
          </Button>
        </div>
      </form>
    </SettingsCard>
  );
}
