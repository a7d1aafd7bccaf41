"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { CircleAlertIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Spinner } from "~/components/ui/spinner";
import { useHydrated } from "~/components/use-hydrated";
import { credentialsSignIn, navigateAfterSignIn } from "~/components/auth/credentials-sign-in";

type FieldName = "name" | "email" | "password";
type FieldErrors = Partial<Record<FieldName, string>>;
const FIELDS: FieldName[] = ["name", "email", "password"];
const GENERIC_ERROR = "Could not create your account right now. Please try again.";

const ids = {
  name: fieldIds("name", "sign-up"),
  email: fieldIds("email", "sign-up"),
  password: fieldIds("password", "sign-up"),
};

export function SignUpForm() {
  const router = useRouter();
  const hydrated = useHydrated();
  const [fieldErrors, setFieldErrors] = React.useState<FieldErrors>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [signingIn, setSigningIn] = React.useState(false);

  const signUp = api.auth.signUp.useMutation({
    onError(error) {
      const zod = error.data?.zodError;
      const next: FieldErrors = {};
      const other: string[] = [...(zod?.formErrors ?? [])];
      for (const [key, messages] of Object.entries(zod?.fieldErrors ?? {})) {
        const message = (messages as string[] | undefined)?.[0];
        if (!message) continue;
        if ((FIELDS as string[]).includes(key)) next[key as FieldName] = message;
        else other.push(message);
      }
      setFieldErrors(next);
      if (zod) {
        setFormError(other.length > 0 ? other.join(" ") : null);
      } else if (error.data) {
        // A typed tRPC error (e.g. TOO_MANY_REQUESTS): its message is written for people.
        setFormError(error.message || GENERIC_ERROR);
      } else {
        // No tRPC error shape: the network or a proxy failed; its message is not for people.
        setFormError(GENERIC_ERROR);
      }
      const first = FIELDS.find((f) => next[f]);
      if (first) requestAnimationFrame(() => document.getElementById(ids[first].input)?.focus());
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

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setFormError(null);
    setFieldErrors({});
    signUp.mutate({
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
  }

  function clearError(field: FieldName) {
    if (fieldErrors[field]) setFieldErrors((prev) => ({ ...prev, [field]: undefined }));
  }

  function inputProps(field: FieldName, hasDescription = false) {
    const error = fieldErrors[field];
    return {
      id: ids[field].input,
      name: field,
      readOnly: pending || !hydrated,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error ? ids[field].error : hasDescription && ids[field].description),
      onChange: () => clearError(field),
    } as const;
  }

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="grid gap-5"
      aria-busy={pending || undefined}
    >
      {formError ? (
        <Alert variant="destructive">
          <CircleAlertIcon />
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <Field>
        <Label htmlFor={ids.name.input}>Name</Label>
        <Input {...inputProps("name")} type="text" autoComplete="name" required autoFocus />
        <FieldError id={ids.name.error}>{fieldErrors.name}</FieldError>
      </Field>
      <Field>
        <Label htmlFor={ids.email.input}>Email</Label>
        <Input
          {...inputProps("email")}
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          placeholder="you@example.com"
        />
        <FieldError id={ids.email.error}>{fieldErrors.email}</FieldError>
      </Field>
      <Field>
        <Label htmlFor={ids.password.input}>Password</Label>
        <Input
          {...inputProps("password", true)}
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
        />
        {fieldErrors.password ? (
          <FieldError id={ids.password.error}>{fieldErrors.password}</FieldError>
        ) : (
          <FieldDescription id={ids.password.description}>At least 8 characters.</FieldDescription>
        )}
      </Field>
      <Button type="submit" className="w-full" disabled={pending || !hydrated}>
        {pending ? <Spinner aria-hidden="true" /> : null}
        Create account
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
