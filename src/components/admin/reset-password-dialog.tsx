"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { passwordSchema } from "~/lib/account-fields";
import { api } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { RadioGroup, RadioGroupItem } from "~/components/ui/radio-group";
import { Spinner } from "~/components/ui/spinner";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { CopyField } from "./copy-field";

// Flat, so one form holds both choices; the typed password is checked only when chosen.
const schema = z
  .object({ mode: z.enum(["generate", "set"]), password: z.string(), confirmPassword: z.string() })
  .superRefine((v, ctx) => {
    if (v.mode !== "set") return;
    const checked = passwordSchema.safeParse(v.password);
    if (!checked.success) ctx.addIssue({ code: "custom", path: ["password"], message: checked.error.issues[0]?.message ?? "Invalid password." });
    if (v.password !== v.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords do not match." });
    }
  });
type Values = z.infer<typeof schema>;
const ids = { password: fieldIds("password", "reset"), confirmPassword: fieldIds("confirmPassword", "reset") };

export interface ResetTarget {
  id: string;
  name: string | null;
  email: string;
}

/**
 * The owner resets another user's password: a generated one (shown once, to hand over) or one
 * they type. Every session of that user ends.
 */
export function ResetPasswordDialog({ user, onOpenChange }: { user: ResetTarget; onOpenChange: (open: boolean) => void }) {
  const [generated, setGenerated] = React.useState<string | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { mode: "generate", password: "", confirmPassword: "" },
  });
  const mode = useWatch({ control: form.control, name: "mode" });
  const { errors } = form.formState;
  const who = user.name ?? user.email;

  const reset = api.admin.resetPassword.useMutation({
    onError: (error) => setServerErrors(form, error, ["password"]),
    onSuccess: (result) => {
      if (result.generatedPassword) {
        setGenerated(result.generatedPassword);
        return;
      }
      toast.success(`Password of ${who} changed. Their sessions have ended.`);
      onOpenChange(false);
    },
  });

  const onSubmit = form.handleSubmit((values) => {
    if (reset.isPending) return;
    reset.mutate(values.mode === "set" ? { userId: user.id, mode: "set", password: values.password } : { userId: user.id, mode: "generate" });
  });

  return (
    <Dialog open onOpenChange={(open) => (reset.isPending ? undefined : onOpenChange(open))}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Reset the password of {who}</DialogTitle>
          <DialogDescription>
            {generated
              ? "Give them this password over a channel you trust. It is shown only now; they can change it in Settings → Account."
              : "Every session of this account ends at once; they sign in again with the new password."}
          </DialogDescription>
        </DialogHeader>
        {generated ? (
          <>
            <CopyField id="reset-generated-password" value={generated} label={`New password of ${who}`} />
            <DialogFooter>
              <Button type="button" onClick={() => onOpenChange(false)}>
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={reset.isPending || undefined}>
            <FormError message={form.formState.errors.root?.server?.message} />
            <RadioGroup
              value={mode}
              onValueChange={(value) => form.setValue("mode", value as Values["mode"])}
              aria-label="New password"
            >
              <div className="flex items-center gap-3">
                <RadioGroupItem value="generate" id="reset-mode-generate" />
                <Label htmlFor="reset-mode-generate">Generate a password</Label>
              </div>
              <div className="flex items-center gap-3">
                <RadioGroupItem value="set" id="reset-mode-set" />
                <Label htmlFor="reset-mode-set">Type a password</Label>
              </div>
            </RadioGroup>
            {mode === "set" ? (
              <div className="grid gap-4 sm:grid-cols-2">
                {(["password", "confirmPassword"] as const).map((field) => (
                  <Field key={field} className="content-start">
                    <Label htmlFor={ids[field].input}>{field === "password" ? "New password" : "New password again"}</Label>
                    <Input
                      id={ids[field].input}
                      type="password"
                      autoComplete="new-password"
                      aria-invalid={errors[field] ? true : undefined}
                      aria-describedby={describedBy(errors[field] && ids[field].error)}
                      {...form.register(field)}
                    />
                    <FieldError id={ids[field].error}>{errors[field]?.message}</FieldError>
                  </Field>
                ))}
              </div>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={reset.isPending}>
                Cancel
              </Button>
              <Button type="submit" variant="destructive" disabled={reset.isPending}>
                {reset.isPending ? <Spinner aria-hidden /> : null}
                Reset password
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
