"use client";

import * as React from "react";
import { BanIcon, CheckIcon, KeyRoundIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { LocalTime } from "~/components/local-time";
import { errorMessage } from "~/components/shared/form-errors";
import { SettingsCard } from "~/components/settings/settings-card";
import { ResetPasswordDialog } from "./reset-password-dialog";

type User = RouterOutputs["admin"]["users"][number];

const display = (user: { name: string | null; email: string }) => user.name?.trim() || user.email;

/** Every account: role, state and numbers, with disable/enable and password reset for the others. */
export function UsersSection({ initial, currentUserId }: { initial: User[]; currentUserId: string }) {
  const utils = api.useUtils();
  const users = api.admin.users.useQuery(undefined, { initialData: initial }).data;
  const [disabling, setDisabling] = React.useState<User | null>(null);
  const [resetting, setResetting] = React.useState<User | null>(null);

  const refresh = () => Promise.all([utils.admin.users.invalidate(), utils.phoneNumbers.all.invalidate()]);
  const setDisabled = api.admin.setDisabled.useMutation({
    onError: (error) => toast.error(errorMessage(error, "Could not change the account.")),
    onSuccess: async (_result, input) => {
      await refresh();
      const user = users.find((u) => u.id === input.userId);
      toast.success(input.disabled ? `${user ? display(user) : "The account"} is disabled and signed out.` : `${user ? display(user) : "The account"} can sign in again.`);
    },
  });

  return (
    <SettingsCard id="users" title="Users" description="Everyone with an account on this Switchboard.">
      <Table aria-label="Users">
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>State</TableHead>
            <TableHead className="text-right">Numbers</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => {
            const you = user.id === currentUserId;
            return (
              <TableRow key={user.id} aria-label={display(user)}>
                <TableCell>
                  <div className="font-medium">
                    {display(user)}
                    {you ? <span className="text-muted-foreground font-normal"> (you)</span> : null}
                  </div>
                  <div className="text-muted-foreground text-xs">{user.email}</div>
                </TableCell>
                <TableCell>
                  <Badge variant={user.role === "owner" ? "default" : "secondary"}>{user.role === "owner" ? "Owner" : "Member"}</Badge>
                </TableCell>
                <TableCell>
                  <LocalTime value={user.createdAt} format="date" />
                </TableCell>
                <TableCell>
                  {user.disabledAt ? <Badge variant="destructive">Disabled</Badge> : <Badge variant="success">Active</Badge>}
                </TableCell>
                <TableCell className="text-right tabular-nums">{user.numbers}</TableCell>
                <TableCell>
                  {you ? null : (
                    <div className="flex justify-end gap-2">
                      <Button size="sm" variant="outline" onClick={() => setResetting(user)} aria-label={`Reset the password of ${display(user)}`}>
                        <KeyRoundIcon aria-hidden="true" />
                        Reset password
                      </Button>
                      {user.disabledAt ? (
                        <Button
                          size="sm"
                          variant="outline"
                          disabled={setDisabled.isPending}
                          onClick={() => setDisabled.mutate({ userId: user.id, disabled: false })}
                          aria-label={`Enable ${display(user)}`}
                        >
                          <CheckIcon aria-hidden="true" />
                          Enable
                        </Button>
                      ) : (
                        <Button size="sm" variant="outline" onClick={() => setDisabling(user)} aria-label={`Disable ${display(user)}`}>
                          <BanIcon aria-hidden="true" />
                          Disable
                        </Button>
                      )}
                    </div>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>

      <ConfirmDialog
        open={!!disabling}
        onOpenChange={(open) => (open ? undefined : setDisabling(null))}
        title={disabling ? `Disable ${display(disabling)}?` : "Disable this account?"}
        description="They are signed out everywhere at once and cannot sign in until you enable the account again. Their contacts, calls and numbers stay as they are."
        confirmLabel="Disable account"
        onConfirm={async () => {
          if (disabling) await setDisabled.mutateAsync({ userId: disabling.id, disabled: true });
        }}
      />
      {resetting ? (
        <ResetPasswordDialog key={resetting.id} user={resetting} onOpenChange={(open) => (open ? undefined : setResetting(null))} />
      ) : null}
    </SettingsCard>
  );
}
