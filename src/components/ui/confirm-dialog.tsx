"use client";

import * as React from "react";

import { Button } from "~/components/ui/button";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "~/components/ui/alert-dialog";
import { Spinner } from "~/components/ui/spinner";

type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  confirmLabel?: React.ReactNode;
  cancelLabel?: React.ReactNode;
  destructive?: boolean;
  /** Shows a spinner on the confirm button and blocks closing (e.g. `mutation.isPending`). */
  pending?: boolean;
  /**
   * Called when the confirm button is pressed. If it returns a promise, the dialog shows the
   * spinner until it settles and closes itself when it resolves (it stays open if it rejects;
   * report the error yourself, e.g. with a toast). If it returns nothing, closing is up to you
   * (e.g. `onOpenChange(false)` in the mutation's `onSuccess`).
   */
  onConfirm: () => void | Promise<void>;
  /** Optional extra content between the description and the buttons. */
  children?: React.ReactNode;
};

function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel = "Delete",
  cancelLabel = "Cancel",
  destructive = true,
  pending = false,
  onConfirm,
  children,
}: ConfirmDialogProps) {
  const [running, setRunning] = React.useState(false);
  const busy = pending || running;

  async function handleConfirm() {
    const result = onConfirm();
    if (!(result instanceof Promise)) return;
    setRunning(true);
    try {
      await result;
      onOpenChange(false);
    } catch {
      // The caller reports the error; keep the dialog open so the user can retry or cancel.
    } finally {
      setRunning(false);
    }
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (busy && !next) return;
        onOpenChange(next);
      }}
    >
      <AlertDialogContent data-slot="confirm-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          {description ? (
            <AlertDialogDescription>{description}</AlertDialogDescription>
          ) : (
            <AlertDialogDescription className="sr-only">{title}</AlertDialogDescription>
          )}
        </AlertDialogHeader>
        {children}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={busy}>{cancelLabel}</AlertDialogCancel>
          <Button
            type="button"
            variant={destructive ? "destructive" : "default"}
            disabled={busy}
            aria-busy={busy || undefined}
            onClick={() => void handleConfirm()}
          >
            {busy && <Spinner aria-hidden />}
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export { ConfirmDialog, type ConfirmDialogProps };
