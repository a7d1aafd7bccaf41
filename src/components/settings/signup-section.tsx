"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { api, type RouterOutputs } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { FieldError } from "~/components/ui/field";
import { Label } from "~/components/ui/label";
import { RadioGroup, RadioGroupItem } from "~/components/ui/radio-group";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { SettingsCard } from "./settings-card";

type SignupMode = RouterOutputs["admin"]["signupMode"]["mode"];

const MODES: { value: SignupMode; label: string; description: string }[] = [
  { value: "closed", label: "Closed", description: "Nobody can create an account. The safest choice for a server on the internet." },
  { value: "invite", label: "Invite only", description: "Only people with an invite link you create on the Admin page." },
  { value: "open", label: "Open", description: "Anyone who can reach this page can create an account and send texts billed to you." },
];

const schema = z.object({ mode: z.enum(["closed", "invite", "open"], { error: "Choose who can sign up." }) });

/** The owner's card: who may create an account on this Switchboard. */
export function SignupSection({ initial }: { initial: RouterOutputs["admin"]["signupMode"] }) {
  const utils = api.useUtils();
  const [state, setState] = React.useState(initial);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { mode: initial.mode },
  });

  const save = api.admin.setSignupMode.useMutation({
    onError: (error) => setServerErrors(form, error, ["mode"]),
    onSuccess: async (saved) => {
      setState(saved);
      form.reset({ mode: saved.mode });
      await utils.admin.signupMode.invalidate();
      toast.success("Sign-up setting saved.");
    },
  });

  const onSubmit = form.handleSubmit((values) => {
    if (save.isPending) return;
    save.mutate(values);
  });
  const error = form.formState.errors.mode?.message;

  return (
    <SettingsCard
      id="sign-up"
      title="Sign-up"
      description={
        state.source === "environment"
          ? `Who can create an account. Until you choose here, SIGNUP_MODE applies (now: ${state.mode}).`
          : "Who can create an account."
      }
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={save.isPending || undefined}>
        <FormError message={form.formState.errors.root?.server?.message} />
        <Controller
          control={form.control}
          name="mode"
          render={({ field }) => (
            <RadioGroup
              value={field.value}
              onValueChange={field.onChange}
              aria-label="Who can sign up"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "sign-up-mode-error" : undefined}
              className="gap-3"
            >
              {MODES.map((mode) => (
                <div key={mode.value} className="flex items-start gap-3">
                  <RadioGroupItem value={mode.value} id={`sign-up-mode-${mode.value}`} className="mt-0.5" aria-describedby={`sign-up-mode-${mode.value}-description`} />
                  <div className="grid gap-1">
                    <Label htmlFor={`sign-up-mode-${mode.value}`}>{mode.label}</Label>
                    <p id={`sign-up-mode-${mode.value}-description`} className="text-muted-foreground text-sm">
                      {mode.description}
                    </p>
                  </div>
                </div>
              ))}
            </RadioGroup>
          )}
        />
        <FieldError id="sign-up-mode-error">{error}</FieldError>
        <div>
          <Button type="submit" disabled={save.isPending || (!form.formState.isDirty && state.source === "settings")}>
            {save.isPending ? <Spinner aria-hidden /> : null}
            Save sign-up setting
          </Button>
        </div>
      </form>
    </SettingsCard>
  );
}
