"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import { LogOutIcon } from "lucide-react";
import { signOut } from "next-auth/react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";

import { changePasswordSchema } from "~/lib/account-fields";
import { api } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Field, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Separator } from "~/components/ui/separator";
import { Spinner } from "~/components/ui/spinner";
import { credentialsSignIn } from "~/components/auth/credentials-sign-in";
import { FormError } from "~/components/shared/form-error";
import { errorMessage, setServerErrors } from "~/components/shared/form-errors";
import { SettingsCard } from "./settings-card";

type Values = z.input<typeof changePasswordSchema>;
const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;
const LABELS: Record<(typeof FIELDS)[number], string> = {
  currentPassword: "Current password",
  newPassword: "New password",
  confirmPassword: "New password again",
};
const AUTOCOMPLETE: Record<(typeof FIELDS)[number], string> = {
  currentPassword: "current-password",
  newPassword: "new-password",
  confirmPassword: "new-password",
};
const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "account")])) as Record<
  (typeof FIELDS)[number],
  ReturnType<typeof fieldIds>
>;

/** Settings → Account: change your password; end every session. */
export function AccountSection({ email }: { email: string }) {
  return (
    <SettingsCard id="account" title="Account" description="Your password and where you are signed in.">
      <div className="grid gap-6">
        <ChangePasswordForm email={email} />
        <Separator />
        <SignOutEverywhere />
      </div>
    </SettingsCard>
  );
}

function ChangePasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const [signingIn, setSigningIn] = React.useState(false);
  const form = useForm<Values, unknown, z.output<typeof changePasswordSchema>>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;

  const change = api.account.changePassword.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async (_result, variables) => {
      // The change ended every session, this browser's too; signing in again with the new
      // password gives this browser a fresh one, so only the other devices are signed out.
      setSigningIn(true);
      const res = await credentialsSignIn(email, variables.newPassword).catch(() => null);
      if (res?.ok && !res.error) {
        form.reset();
        setSigningIn(false);
        toast.success("Password changed. Every other device has been signed out.");
        router.refresh();
        return;
      }
      toast.success("Password changed. Sign in with the new one.");
      await signOut({ callbackUrl: "/sign-in" });
    },
  });
  const pending = change.isPending || signingIn;

  const onSubmit = form.handleSubmit((values) => {
    if (pending) return;
    change.mutate(values);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending || undefined} aria-labelledby="change-password-title">
      <h3 id="change-password-title" className="text-sm font-medium">
        Change password
      </h3>
      <FormError message={form.formState.errors.root?.server?.message} />
      {/* For password managers: which account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div className="grid gap-4 sm:grid-cols-3">
        {FIELDS.map((field) => {
          const error = errors[field]?.message;
          return (
            <Field key={field} className="content-start">
              <Label htmlFor={ids[field].input}>{LABELS[field]}</Label>
              <Input
                id={ids[field].input}
                type="password"
                autoComplete={AUTOCOMPLETE[field]}
                readOnly={pending}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(error && ids[field].error)}
                {...form.register(field)}
              />
              <FieldError id={ids[field].error}>{error}</FieldError>
            </Field>
          );
        })}
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner aria-hidden /> : null}
          Change password
        </Button>
      </div>
    </form>
  );
}

function SignOutEverywhere() {
  const [open, setOpen] = React.useState(false);
  const end = api.account.signOutEverywhere.useMutation({
    onError: (error) => toast.error(errorMessage(error, "Could not sign out everywhere. Please try again.")),
  });

  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="space-y-1">
        <h3 className="text-sm font-medium">Sign out everywhere</h3>
        <p className="text-muted-foreground text-sm">
          Ends every session of your account, on every device and this one. Use it if a device was lost or shared.
        </p>
      </div>
      <Button type="button" variant="outline" onClick={() => setOpen(true)} className="shrink-0">
        <LogOutIcon />
        Sign out everywhere
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Sign out everywhere?"
        description="Every device signed in to your account, this one included, will have to sign in again."
        confirmLabel="Sign out everywhere"
        onConfirm={async () => {
          // A failure is reported by onError; the rejection keeps the dialog open.
          await end.mutateAsync();
          await signOut({ callbackUrl: "/sign-in" });
        }}
      />
    </div>
  );
}
