"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { MailIcon, UserPlusIcon } from "lucide-react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { emailSchema } from "~/lib/account-fields";
import { api, type RouterOutputs } from "~/trpc/react";
import { Alert, AlertDescription, AlertTitle } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Spinner } from "~/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { EmptyState } from "~/components/shared/empty-state";
import { LocalTime } from "~/components/local-time";
import { FormError } from "~/components/shared/form-error";
import { errorMessage, setServerErrors } from "~/components/shared/form-errors";
import { SettingsCard } from "~/components/settings/settings-card";
import { CopyField } from "./copy-field";

type Invite = RouterOutputs["admin"]["invites"][number];

const EXPIRY = [
  { days: "1", label: "1 day" },
  { days: "7", label: "7 days" },
  { days: "30", label: "30 days" },
] as const;

const schema = z.object({
  expiresInDays: z.enum(["1", "7", "30"], { error: "Choose 1, 7 or 30 days." }),
  email: z.union([z.literal(""), emailSchema]),
});
type Values = z.input<typeof schema>;
const FIELDS = ["expiresInDays", "email"] as const;
const ids = { expiresInDays: fieldIds("expiresInDays", "invite"), email: fieldIds("email", "invite") };

const STATUS: Record<Invite["status"], { label: string; variant: "success" | "secondary" | "outline" | "destructive" }> = {
  pending: { label: "Pending", variant: "success" },
  used: { label: "Used", variant: "secondary" },
  expired: { label: "Expired", variant: "outline" },
  revoked: { label: "Revoked", variant: "destructive" },
};

/** Single-use, expiring sign-up links: create (shown once), list, revoke. */
export function InvitesSection({ initial, origin }: { initial: Invite[]; origin: string | null }) {
  const utils = api.useUtils();
  const invites = api.admin.invites.useQuery(undefined, { initialData: initial }).data;
  const [created, setCreated] = React.useState<{ link: string; email: string | null } | null>(null);
  const [revoking, setRevoking] = React.useState<Invite | null>(null);
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { expiresInDays: "7", email: "" },
  });
  const { errors } = form.formState;

  const create = api.admin.createInvite.useMutation({
    onError: (error) => setServerErrors(form, error, FIELDS),
    onSuccess: async (invite) => {
      // NEXTAUTH_URL when configured (the address invitees can reach), else this page's own.
      const base = origin ?? window.location.origin;
      setCreated({ link: `${base}/sign-up?invite=${encodeURIComponent(invite.token)}`, email: invite.email });
      form.reset();
      await utils.admin.invites.invalidate();
    },
  });
  const revoke = api.admin.revokeInvite.useMutation({
    onError: (error) => toast.error(errorMessage(error, "Could not revoke the invite.")),
    onSuccess: async () => {
      await utils.admin.invites.invalidate();
      toast.success("Invite revoked: the link no longer works.");
    },
  });

  const onSubmit = form.handleSubmit((values) => {
    if (create.isPending) return;
    setCreated(null);
    create.mutate({ expiresInDays: Number(values.expiresInDays) as 1 | 7 | 30, email: values.email || undefined });
  });

  return (
    <SettingsCard
      id="invites"
      title="Invites"
      description="Links that let one person create an account, once, before they expire. Only a fingerprint of each link is stored."
    >
      <div className="grid gap-6">
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={create.isPending || undefined}>
          <FormError message={form.formState.errors.root?.server?.message} />
          <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
            <Field className="content-start">
              <Label htmlFor={ids.expiresInDays.input}>Expires after</Label>
              <Controller
                control={form.control}
                name="expiresInDays"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger
                      id={ids.expiresInDays.input}
                      className="w-full"
                      aria-invalid={errors.expiresInDays ? true : undefined}
                      aria-describedby={describedBy(errors.expiresInDays && ids.expiresInDays.error)}
                    >
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {EXPIRY.map((option) => (
                        <SelectItem key={option.days} value={option.days}>
                          {option.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
              <FieldError id={ids.expiresInDays.error}>{errors.expiresInDays?.message}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.email.input}>Email (optional)</Label>
              <Input
                id={ids.email.input}
                type="email"
                inputMode="email"
                autoCapitalize="none"
                spellCheck={false}
                placeholder="Anyone with the link"
                aria-invalid={errors.email ? true : undefined}
                aria-describedby={describedBy(errors.email ? ids.email.error : ids.email.description)}
                {...form.register("email")}
              />
              {errors.email ? (
                <FieldError id={ids.email.error}>{errors.email.message}</FieldError>
              ) : (
                <FieldDescription id={ids.email.description}>With an email, only that address can use the link.</FieldDescription>
              )}
            </Field>
          </div>
          <div>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Spinner aria-hidden /> : <UserPlusIcon aria-hidden="true" />}
              Create invite link
            </Button>
          </div>
        </form>

        <div aria-live="polite">
          {created ? (
            <Alert>
              <MailIcon />
              <AlertTitle>Invite link{created.email ? ` for ${created.email}` : ""}: copy it now, it is shown only once</AlertTitle>
              <AlertDescription className="grid w-full gap-2">
                <CopyField id="invite-link" value={created.link} label="Invite link" />
              </AlertDescription>
            </Alert>
          ) : null}
        </div>

        {invites.length === 0 ? (
          <EmptyState icon={UserPlusIcon}>No invites yet.</EmptyState>
        ) : (
          <Table aria-label="Invites">
            <TableHeader>
              <TableRow>
                <TableHead>For</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invites.map((invite) => (
                <TableRow key={invite.id}>
                  <TableCell>{invite.email ?? <span className="text-muted-foreground">Anyone with the link</span>}</TableCell>
                  <TableCell>
                    <div className="flex flex-wrap items-center gap-2">
                      <Badge variant={STATUS[invite.status].variant}>{STATUS[invite.status].label}</Badge>
                      {invite.usedBy ? (
                        <span className="text-muted-foreground text-xs">by {invite.usedBy.name ?? invite.usedBy.email}</span>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell>
                    <LocalTime value={invite.createdAt} />
                  </TableCell>
                  <TableCell>
                    <LocalTime value={invite.expiresAt} />
                  </TableCell>
                  <TableCell className="text-right">
                    {invite.status === "pending" ? (
                      <Button size="sm" variant="outline" onClick={() => setRevoking(invite)}>
                        Revoke
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>

      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(open) => (open ? undefined : setRevoking(null))}
        title="Revoke this invite?"
        description={`The link${revoking?.email ? ` for ${revoking.email}` : ""} stops working at once. You can create a new one.`}
        confirmLabel="Revoke invite"
        onConfirm={async () => {
          if (revoking) await revoke.mutateAsync({ inviteId: revoking.id });
        }}
      />
    </SettingsCard>
  );
}
