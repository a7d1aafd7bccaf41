"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import { getCountries } from "libphonenumber-js/min";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { api, type RouterOutputs } from "~/trpc/react";
import { nameSchema } from "~/lib/account-fields";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/ui/button";
import { Combobox } from "~/components/ui/combobox";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { useHydrated } from "~/components/use-hydrated";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { focusById } from "~/components/shared/form-schema";
import { SettingsCard } from "./settings-card";

type Profile = RouterOutputs["settings"]["get"]["profile"];

// The name is checked here as on the server (one schema); the zone and country are picked from
// lists, and only the server knows which zones it accepts (the browser's list may differ).
const profileForm = z.object({ name: nameSchema, timezone: z.string(), defaultRegion: z.string() });
type Values = z.input<typeof profileForm>;

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
  const form = useForm<Values, unknown, z.output<typeof profileForm>>({
    resolver: zodResolver(profileForm),
    defaultValues: { name: initial.name ?? "", timezone: initial.timezone, defaultRegion: initial.defaultRegion },
  });
  const { errors } = form.formState;
  const timezone = useWatch({ control: form.control, name: "timezone" });
  const fieldErrors: Partial<Record<FieldName, string>> = {
    name: errors.name?.message,
    timezone: errors.timezone?.message,
    defaultRegion: errors.defaultRegion?.message,
  };
  const zones = React.useMemo(() => timeZoneOptions(initial.timezone), [initial.timezone]);
  const regions = React.useMemo(() => regionOptions(), []);

  const update = api.settings.update.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async () => {
      await utils.settings.get.invalidate();
      toast.success("Profile saved.");
      router.refresh();
    },
  });

  const onSubmit = form.handleSubmit((values) => {
    if (!update.isPending) update.mutate(values);
  });

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
        <FormError message={errors.root?.server?.message} />
        <Field className="content-start sm:max-w-sm">
          <Label htmlFor={ids.name.input}>Name</Label>
          <Input
            id={ids.name.input}
            {...form.register("name")}
            // Editable once hydrated: react-hook-form writes the default into the input when it
            // attaches, which would silently replace anything typed before that.
            readOnly={!hydrated}
            maxLength={FIELD_LIMITS.personName}
            autoComplete="name"
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={describedBy(fieldErrors.name && ids.name.error)}
          />
          <FieldError id={ids.name.error}>{fieldErrors.name}</FieldError>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field className="content-start">
            <Label htmlFor={ids.timezone.input}>Time zone</Label>
            <Controller
              control={form.control}
              name="timezone"
              render={({ field }) => {
                field.ref(focusById(ids.timezone.input));
                return (
                  <Combobox
                    id={ids.timezone.input}
                    value={field.value}
                    onChange={(value) => value && field.onChange(value)}
                    options={zones}
                    placeholder="Choose a time zone"
                    searchPlaceholder="Search time zones…"
                    emptyText="No time zone found."
                    aria-invalid={!!fieldErrors.timezone}
                    aria-describedby={describedBy(fieldErrors.timezone && ids.timezone.error, ids.timezone.description)}
                  />
                );
              }}
            />
            <FieldDescription id={ids.timezone.description}>
              {browserZone && browserZone !== timezone ? (
                <>
                  This browser is in {browserZone.replace(/_/g, " ")}.{" "}
                  <button type="button" className="text-foreground underline underline-offset-4" onClick={() => form.setValue("timezone", browserZone, { shouldDirty: true })}>
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
            <Controller
              control={form.control}
              name="defaultRegion"
              render={({ field }) => {
                field.ref(focusById(ids.defaultRegion.input));
                return (
                  <Combobox
                    id={ids.defaultRegion.input}
                    value={field.value}
                    onChange={(value) => value && field.onChange(value)}
                    options={regions}
                    placeholder="Choose a country"
                    searchPlaceholder="Search countries…"
                    emptyText="No country found."
                    aria-invalid={!!fieldErrors.defaultRegion}
                    aria-describedby={describedBy(fieldErrors.defaultRegion && ids.defaultRegion.error, ids.defaultRegion.description)}
                  />
                );
              }}
            />
            <FieldDescription id={ids.defaultRegion.description}>
              A number typed as (415) 555-0123 is read as one of this country’s.
            </FieldDescription>
            <FieldError id={ids.defaultRegion.error}>{fieldErrors.defaultRegion}</FieldError>
          </Field>
        </div>
        <div>
          <Button type="submit" disabled={update.isPending || !hydrated}>
            {update.isPending ? <Spinner aria-hidden /> : null}
            Save profile
          </Button>
        </div>
      </form>
    </SettingsCard>
  );
}
