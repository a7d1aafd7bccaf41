"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { personalPhoneInput } from "~/server/phone-numbers/schemas";
import { api } from "~/trpc/react";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Button } from "~/components/ui/button";
import { Field, FieldDescription, FieldError, describedBy } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { useHydrated } from "~/components/use-hydrated";
import { setServerErrors } from "~/components/shared/form-errors";
import { parsedTextField } from "~/components/shared/form-schema";
import { SettingsCard } from "./settings-card";

/** The server's check, on the text as typed (blank clears the phone). */
const personalPhoneForm = z.object({
  personalPhone: parsedTextField((text) => text.trim() || null, personalPhoneInput.shape.personalPhone),
});
type Values = z.input<typeof personalPhoneForm>;

/** The phone the user carries: click-to-call rings it first; inbound calls are forwarded to it. */
export function PersonalPhoneForm({ initial }: { initial: string | null }) {
  const formatPhone = usePhoneFormat();
  const utils = api.useUtils();
  const query = api.phoneNumbers.personalPhone.useQuery();
  const saved = query.data ? query.data.personalPhone : initial;
  const form = useForm<Values, unknown, z.output<typeof personalPhoneForm>>({
    resolver: zodResolver(personalPhoneForm),
    defaultValues: { personalPhone: saved ? formatPhone(saved) : "" },
  });
  const { errors } = form.formState;
  const hydrated = useHydrated();
  // One line under the input: the number's problem, or what else went wrong.
  const error = errors.personalPhone?.message ?? errors.root?.server?.message ?? null;

  const save = api.phoneNumbers.setPersonalPhone.useMutation({
    onError: (e) => setServerErrors(form, e, ["personalPhone"]),
    onSuccess: async (result) => {
      utils.phoneNumbers.personalPhone.setData(undefined, result);
      await utils.phoneNumbers.personalPhone.invalidate();
      form.reset({ personalPhone: result.personalPhone ? formatPhone(result.personalPhone) : "" });
      toast.success(result.personalPhone ? `Your phone is ${formatPhone(result.personalPhone)}.` : "Your phone was removed.");
    },
  });

  const onSubmit = form.handleSubmit((values) => {
    if (!save.isPending) save.mutate(values);
  });

  return (
    <SettingsCard
      id="your-phone"
      title="Your phone"
      description={
        <>
          The phone you carry. When you click <strong className="text-foreground font-medium">Call</strong> on a contact,
          Switchboard rings this phone first and connects the contact when you answer; calls to your Telnyx number are
          forwarded here (unanswered ones go to voicemail).
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:max-w-md" aria-busy={save.isPending || undefined}>
        <Field>
          <Label htmlFor="personal-phone">Phone number</Label>
          <Input
            id="personal-phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            {...form.register("personalPhone")}
            // Editable once hydrated: react-hook-form writes the default into the input when it
            // attaches, which would silently replace a number typed before that.
            readOnly={!hydrated}
            placeholder="+1 415 555 0123"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(error && "personal-phone-error", "personal-phone-hint")}
          />
          <FieldDescription id="personal-phone-hint">
            {saved ? <>Saved: {formatPhone(saved)}.</> : "Not set: click-to-call and forwarding need it."}
          </FieldDescription>
          <FieldError id="personal-phone-error">{error}</FieldError>
        </Field>
        <div className="flex gap-2">
          <Button type="submit" disabled={save.isPending || !hydrated}>
            {save.isPending ? <Spinner aria-hidden /> : null}
            Save phone
          </Button>
          {saved ? (
            <Button
              type="button"
              variant="ghost"
              disabled={save.isPending}
              onClick={() => {
                form.clearErrors();
                save.mutate({ personalPhone: null });
              }}
            >
              Remove
            </Button>
          ) : null}
        </div>
      </form>
    </SettingsCard>
  );
}
