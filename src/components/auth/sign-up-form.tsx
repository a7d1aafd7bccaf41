"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { emailSchema, nameSchema, passwordSchema } from "~/lib/account-fields";
import { api } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { useHydrated } from "~/components/use-hydrated";
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { credentialsSignIn, navigateAfterSignIn } from "~/components/auth/credentials-sign-in";

const schema = z.object({ name: nameSchema, email: emailSchema, password: passwordSchema });
type Values = z.input<typeof schema>;
const FIELDS = ["name", "email", "password"] as const;

const ids = {
  name: fieldIds("name", "sign-up"),
  email: fieldIds("email", "sign-up"),
  password: fieldIds("password", "sign-up"),
};

export function SignUpForm({
  invite,
  invitedEmail,
  submitLabel = "Create account",
}: {
  /** The invite link's token, sent with the sign-up. */
  invite?: string;
  /** The email the invite is for: prefilled and not editable. */
  invitedEmail?: string | null;
  submitLabel?: string;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [signingIn, setSigningIn] = React.useState(false);
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", email: invitedEmail ?? "", password: "" },
  });
  const { errors } = form.formState;

  const signUp = api.auth.signUp.useMutation({
    onError(error) {
      setServerErrors(form, error, FIELDS);
    },
    async onSuccess(_user, variables) {
      setSigningIn(true);
      try {
        const res = await credentialsSignIn(variables.email, variables.password);
        if (res.ok && !res.error) {
          navigateAfterSignIn("/dashboard");
          return;
        }
      } catch {
        // fall through: the account exists, let the user sign in by hand
      }
      router.push("/sign-in");
      setSigningIn(false);
    },
  });

  const pending = signUp.isPending || signingIn;

  const onSubmit = form.handleSubmit((values) => {
    if (pending) return;
    signUp.mutate({ ...values, invite });
  });

  function inputProps(field: (typeof FIELDS)[number], description?: string | false) {
    const error = errors[field]?.message;
    return {
      id: ids[field].input,
      readOnly: pending || !hydrated,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error ? ids[field].error : description),
      ...form.register(field),
    } as const;
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="grid gap-5" aria-busy={pending || undefined}>
      <FormError message={form.formState.errors.root?.server?.message} />
      <Field>
        <Label htmlFor={ids.name.input}>Name</Label>
        <Input {...inputProps("name")} type="text" autoComplete="name" required autoFocus />
        <FieldError id={ids.name.error}>{errors.name?.message}</FieldError>
      </Field>
      <Field>
        <Label htmlFor={ids.email.input}>Email</Label>
        <Input
          {...inputProps("email", invitedEmail ? ids.email.description : false)}
          {...(invitedEmail ? { readOnly: true } : {})}
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          placeholder="you@example.com"
        />
        {errors.email ? (
          <FieldError id={ids.email.error}>{errors.email.message}</FieldError>
        ) : invitedEmail ? (
          <FieldDescription id={ids.email.description}>The invite is for this address.</FieldDescription>
        ) : null}
      </Field>
      <Field>
        <Label htmlFor={ids.password.input}>Password</Label>
        <Input {...inputProps("password", ids.password.description)} type="password" autoComplete="new-password" minLength={8} required />
        {errors.password ? (
          <FieldError id={ids.password.error}>{errors.password.message}</FieldError>
        ) : (
          <FieldDescription id={ids.password.description}>At least 8 characters.</FieldDescription>
        )}
      </Field>
      <Button type="submit" className="w-full" disabled={pending || !hydrated}>
        {pending ? <Spinner aria-hidden="true" /> : null}
        {submitLabel}
      </Button>
      <p className="text-muted-foreground text-center text-sm">
        Already have an account?{" "}
        <Link href="/sign-in" className="text-foreground font-medium underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
