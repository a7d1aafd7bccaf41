"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import type { RouterOutputs } from "~/trpc/react";

export type Assignee = RouterOutputs["phoneNumbers"]["all"]["users"][number];

export function assigneeName(user: { name: string | null; email: string }) {
  return user.name ? `${user.name} (${user.email})` : user.email;
}

/** Picks the user a number is assigned to; disabled accounts are listed but cannot be chosen. */
export function AssigneeSelect({
  users,
  value,
  onChange,
  label,
  id,
  disabled,
  invalid,
  describedBy,
  className,
}: {
  users: Assignee[];
  value: string;
  onChange: (userId: string) => void;
  /** The accessible name (the control may have no visible label, e.g. in a table row). */
  label?: string;
  id?: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  className?: string;
}) {
  return (
    <Select value={value} onValueChange={onChange} disabled={disabled}>
      <SelectTrigger
        id={id}
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={className ?? "w-full"}
      >
        <SelectValue placeholder="Choose a user" />
      </SelectTrigger>
      <SelectContent>
        {users.map((u) => (
          <SelectItem key={u.id} value={u.id} disabled={u.disabled && u.id !== value}>
            {assigneeName(u)}
            {u.role === "owner" ? " · owner" : ""}
            {u.disabled ? " · disabled" : ""}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
