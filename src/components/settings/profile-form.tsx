"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { getCountries } from "libphonenumber-js/min";
import { CircleAlertIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Combobox } from "~/components/ui/combobox";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { useHydrated } from "~/components/use-hydrated";
import { splitFormErrors } from "~/components/shared/form-errors";
import { SettingsCard } from "./settings-card";

type Profile = RouterOutputs["settings"]["get"]["profile"];

const FIELDS = ["name", "timezone", "defaultRegion"] as const;
type FieldName = (typeof FIELDS)[number];
const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "profile")])) as Record<FieldName, ReturnType<typeof fieldIds>>;

function timeZoneOptions(current: string) {
  const zones = new Set<string>(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
  zones.add("UTC");
  zones.add(current);
  return [...zones].sort().map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }));
}

function regionOptions() {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return getCountries()
    .map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function ProfileForm({ initial }: { initial: Profile }) {
  const router = useRouter();
  const utils = api.useUtils();
  const [name, setName] = React.useState(initial.name ?? "");
  const [timezone, setTimezone] = React.useState(initial.timezone);
  const [region, setRegion] = React.useState(initial.defaultRegion);
  const [fieldErrors, setFieldErrors] = React.useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const zones = React.useMemo(() => timeZoneOptions(initial.timezone), [initial.timezone]);
  const regions = React.useMemo(() => regionOptions(), []);

  const update = api.settings.update.useMutation({
    onError: (error) => {
      const split = splitFormErrors(error, FIELDS);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
    onSuccess: async () => {
      await utils.settings.get.invalidate();
      toast.success("Profile saved.");
      router.refresh();
    },
  });

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (update.isPending) return;
    setFieldErrors({});
    setFormError(null);
    update.mutate({ name, timezone, defaultRegion: region });
  }

  // The browser's zone is known only after hydration (the server renders in its own zone).
  const hydrated = useHydrated();
  const browserZone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;

  return (
    <SettingsCard
      id="profile"
      title="Profile"
      description="Your name, the time zone dates are shown in, and the country numbers without a +code belong to."
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={update.isPending || undefined}>
        {formError ? (
          <Alert variant="destructive">
            <CircleAlertIcon />
            <AlertDescription>{formError}</AlertDescription>
          </Alert>
        ) : null}
        <Field className="content-start sm:max-w-sm">
          <Label htmlFor={ids.name.input}>Name</Label>
          <Input
            id={ids.name.input}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            autoComplete="name"
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={describedBy(fieldErrors.name && ids.name.error)}
          />
          <FieldError id={ids.name.error}>{fieldErrors.name}</FieldError>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field className="content-start">
            <Label htmlFor={ids.timezone.input}>Time zone</Label>
            <Combobox
              id={ids.timezone.input}
              value={timezone}
              onChange={(value) => value && setTimezone(value)}
              options={zones}
              placeholder="Choose a time zone"
              searchPlaceholder="Search time zones…"
              emptyText="No time zone found."
              aria-invalid={!!fieldErrors.timezone}
              aria-describedby={describedBy(fieldErrors.timezone && ids.timezone.error, ids.timezone.description)}
            />
            <FieldDescription id={ids.timezone.description}>
              {browserZone && browserZone !== timezone ? (
                <>
                  This browser is in {browserZone.replace(/_/g, " ")}.{" "}
                  <button type="button" className="text-foreground underline underline-offset-4" onClick={() => setTimezone(browserZone)}>
                    Use it
                  </button>
                </>
              ) : (
                "Used for due dates, all-day events and reminders."
              )}
            </FieldDescription>
            <FieldError id={ids.timezone.error}>{fieldErrors.timezone}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.defaultRegion.input}>Default region</Label>
            <Combobox
              id={ids.defaultRegion.input}
              value={region}
              onChange={(value) => value && setRegion(value)}
              options={regions}
              placeholder="Choose a country"
              searchPlaceholder="Search countries…"
              emptyText="No country found."
              aria-invalid={!!fieldErrors.defaultRegion}
              aria-describedby={describedBy(fieldErrors.defaultRegion && ids.defaultRegion.error, ids.defaultRegion.description)}
            />
            <FieldDescription id={ids.defaultRegion.description}>
              A number typed as (415) 555-0123 is read as one of this country’s.
            </FieldDescription>
            <FieldError id={ids.defaultRegion.error}>{fieldErrors.defaultRegion}</FieldError>
          </Field>
        </div>
        <div>
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? <Spinner aria-hidden /> : null}
            Save profile
          </Button>
        </div>
      </form>
    </SettingsCard>
  );
}
