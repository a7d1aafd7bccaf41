"use client";

import * as React from "react";
import Link from "next/link";
import { PhoneIcon, SettingsIcon, StarIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Spinner } from "~/components/ui/spinner";
import { EmptyState } from "~/components/shared/empty-state";
import { errorMessage } from "~/components/shared/form-errors";
import { SettingsCard } from "./settings-card";

type PhoneNumber = RouterOutputs["phoneNumbers"]["list"][number];

/**
 * The numbers assigned to the signed-in user. Read-only: the owner adds and assigns numbers on
 * the Admin page (linked here for the owner); the user only picks their default.
 */
export function PhoneNumbersSection({ initial, canManage }: { initial: PhoneNumber[]; canManage: boolean }) {
  const formatPhone = usePhoneFormat();
  const utils = api.useUtils();
  const numbers = api.phoneNumbers.list.useQuery(undefined, { initialData: initial }).data;
  const makeDefault = api.phoneNumbers.setDefault.useMutation({
    onSuccess: async (n) => {
      await utils.phoneNumbers.list.invalidate();
      toast.success(`${formatPhone(n.e164)} is now your default number.`);
    },
    onError: (e) => toast.error(errorMessage(e, "Could not change the default number.")),
  });

  return (
    <SettingsCard
      id="phone-numbers"
      title="Phone numbers"
      description="The Telnyx numbers assigned to you. Calls and texts to them land here; click-to-call and texts go out from your default one."
      action={
        canManage ? (
          <Button asChild variant="outline">
            <Link href="/admin">
              <SettingsIcon aria-hidden="true" />
              Manage numbers
            </Link>
          </Button>
        ) : null
      }
    >
      {numbers.length === 0 ? (
        <EmptyState icon={PhoneIcon}>
          {canManage
            ? "No numbers assigned to you yet. Add your Telnyx numbers and assign them on the Admin page."
            : "No numbers assigned to you yet. The owner of this Switchboard assigns numbers to accounts."}
        </EmptyState>
      ) : (
        <ul className="divide-y rounded-lg border" aria-label="Your Telnyx numbers">
          {numbers.map((n) => (
            <li key={n.id} className="flex items-start gap-3 p-3 sm:items-center sm:p-4">
              <span className="bg-muted text-muted-foreground hidden size-9 shrink-0 items-center justify-center rounded-full sm:flex">
                <PhoneIcon className="size-4" aria-hidden="true" />
              </span>
              <div className="min-w-0 flex-1 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium tabular-nums">{formatPhone(n.e164)}</span>
                  {n.label ? <span className="text-muted-foreground text-sm">{n.label}</span> : null}
                  {n.isDefault ? <Badge variant="secondary">Default</Badge> : null}
                </p>
                {n.connectionId ? null : (
                  <p className="text-warning text-xs">No Call Control connection yet: calls cannot be placed from it.</p>
                )}
              </div>
              {n.isDefault ? null : (
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={makeDefault.isPending}
                  onClick={() => makeDefault.mutate({ id: n.id })}
                  aria-label={`Make ${formatPhone(n.e164)} your default number`}
                >
                  {makeDefault.isPending && makeDefault.variables?.id === n.id ? <Spinner aria-hidden /> : <StarIcon aria-hidden="true" />}
                  Make default
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </SettingsCard>
  );
}
