"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { api, type RouterOutputs } from "~/trpc/react";
import { KEEP_IN_TOUCH_UNITS, setKeepInTouchInput } from "~/server/reminders/schemas";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Skeleton } from "~/components/ui/skeleton";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { LocalTime } from "~/components/local-time";
import { countText } from "~/lib/format";
import { ImportantDates } from "./important-dates";

/**
 * "Stay in touch every [N] [days/weeks]" and the contact's important dates (issue 12, item 6):
 * both become reminders, and both feed the dashboard's reconnect card.
 */
export function KeepInTouchCard({ contactId, name }: { contactId: string; name: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Keep in touch</h2>
        </CardTitle>
        <CardDescription>
          A nudge when you have not called, texted or met {name} for a while, and a reminder on their important dates.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <KeepInTouchControl contactId={contactId} />
        <ImportantDates contactId={contactId} />
      </CardContent>
    </Card>
  );
}

function KeepInTouchControl({ contactId }: { contactId: string }) {
  const query = api.keepInTouch.get.useQuery({ contactId });
  if (!query.data) {
    return query.isError ? (
      <p className="text-destructive text-sm">Could not load keep-in-touch: {query.error.message}</p>
    ) : (
      <Skeleton className="h-10 w-full" aria-label="Loading keep-in-touch" />
    );
  }
  const current = query.data.keepInTouch;
  // Keyed by the saved period, so the inputs start from it again after each save or stop.
  return <KeepInTouchForm key={current ? current.days : "none"} contactId={contactId} current={current} />;
}

/** The typed text as the server's input, checked by the server's own schema. */
const keepInTouchForm = z
  .object({ contactId: z.string(), every: z.string(), unit: z.enum(KEEP_IN_TOUCH_UNITS) })
  .transform((v): z.input<typeof setKeepInTouchInput> => ({ ...v, every: v.every.trim() === "" ? Number.NaN : Number(v.every) }))
  .pipe(setKeepInTouchInput);
type Values = z.input<typeof keepInTouchForm>;

function KeepInTouchForm({ contactId, current }: { contactId: string; current: RouterOutputs["keepInTouch"]["get"]["keepInTouch"] }) {
  const utils = api.useUtils();
  const ids = fieldIds("every", `keep-in-touch-${React.useId()}`);
  const form = useForm<Values, unknown, z.output<typeof keepInTouchForm>>({
    resolver: zodResolver(keepInTouchForm),
    defaultValues: { contactId, every: current ? String(current.every) : "", unit: current?.unit ?? "weeks" },
  });
  const { errors } = form.formState;
  const everyError = errors.every?.message ?? errors.unit?.message;

  const onDone = async (data: RouterOutputs["keepInTouch"]["get"]) => {
    utils.keepInTouch.get.setData({ contactId }, data);
    await utils.reminders.invalidate();
  };
  const set = api.keepInTouch.set.useMutation({
    onSuccess: async (data) => {
      await onDone(data);
      toast.success("Keep-in-touch saved.");
    },
    onError: (error) => setServerErrors(form, error, ["every", "unit"]),
  });
  const clear = api.keepInTouch.clear.useMutation({
    onSuccess: async (data) => {
      await onDone(data);
      toast.success("No longer keeping in touch.");
    },
    onError: (error) => setServerErrors(form, error, []),
  });

  const onSubmit = form.handleSubmit((values) => {
    if (!set.isPending) set.mutate(values);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2" aria-label="Stay in touch">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Label htmlFor={ids.input}>Stay in touch every</Label>
        <Input
          {...form.register("every")}
          id={ids.input}
          type="number"
          inputMode="numeric"
          min={1}
          className="w-20"
          aria-invalid={everyError ? true : undefined}
          aria-describedby={describedBy(everyError && ids.error)}
        />
        <Controller
          control={form.control}
          name="unit"
          render={({ field }) => (
            <Select value={field.value} onValueChange={field.onChange}>
              <SelectTrigger className="w-28" aria-label="Days or weeks">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="days">days</SelectItem>
                <SelectItem value="weeks">weeks</SelectItem>
              </SelectContent>
            </Select>
          )}
        />
        <Button type="submit" size="sm" disabled={set.isPending}>
          {set.isPending ? <Spinner aria-hidden /> : null}
          {/* Not "Save": the contact's own edit form on the same page has that button. */}
          {current ? "Update" : "Start"}
        </Button>
        {current ? (
          <Button type="button" size="sm" variant="ghost" disabled={clear.isPending} onClick={() => clear.mutate({ contactId })}>
            Stop
          </Button>
        ) : null}
      </div>
      <FieldError id={ids.error}>{everyError}</FieldError>
      <FormError message={errors.root?.server?.message} />
      {current ? (
        <p className="text-muted-foreground text-sm">
          {current.lastTouchAt ? (
            <>
              Last in touch <LocalTime value={current.lastTouchAt} format="relative" />.{" "}
            </>
          ) : (
            "Not in touch yet. "
          )}
          {current.overdueDays !== null ? (
            <span className="text-amber-700 dark:text-amber-300">
              {current.overdueDays === 0 ? "Due today." : `Overdue by ${countText(current.overdueDays, "day")}.`}
            </span>
          ) : null}{" "}
          {current.nextDueAt ? (
            <>
              Next nudge <LocalTime value={current.nextDueAt} />.
            </>
          ) : null}
        </p>
      ) : null}
    </form>
  );
}
