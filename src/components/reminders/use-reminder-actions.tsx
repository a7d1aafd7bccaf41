"use client";

import * as React from "react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import type { ReminderChannel } from "~/server/reminders/schemas";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { errorMessage, type ServerError } from "~/components/shared/form-errors";
import { ReminderDialog, type EditableReminder, type ReminderDefaults } from "./reminder-dialog";

/** What the actions need of a reminder (a reminders.list row). */
export interface ReminderRef {
  id: string;
  title: string;
  channels: ReminderChannel[];
  contact: { id: string; name: string } | null;
}

export interface ReminderActions {
  create: (defaults?: ReminderDefaults) => void;
  edit: (reminder: ReminderRef) => void;
  setPaused: (reminder: ReminderRef, paused: boolean) => void;
  testNow: (reminder: ReminderRef) => void;
  remove: (reminder: ReminderRef) => void;
  busyIds: ReadonlySet<string>;
}

/** "Send a test call now" for a reminder that calls; a text or in-app test otherwise. */
export function testLabel(channels: readonly ReminderChannel[]) {
  return channels.includes("call") ? "Send a test call now" : "Send a test now";
}

/**
 * The reminder actions shared by the Reminders page and the contact page: the create/edit
 * dialog, pause/resume, a test occurrence now (after a confirmation: it really calls), delete
 * (after a confirmation). Render `elements` once; `onTestStarted` is told the test's occurrence.
 */
export function useReminderActions({
  userTimeZone,
  onTestStarted,
  initialDialog,
}: {
  userTimeZone: string;
  onTestStarted?: (occurrenceId: string) => void;
  /** Open the create dialog on arrival (a contact page's "New reminder" link). */
  initialDialog?: ReminderDefaults | null;
}) {
  const utils = api.useUtils();
  const [dialog, setDialog] = React.useState<{ key: number; reminder: EditableReminder | null; defaults: ReminderDefaults } | null>(
    () => (initialDialog ? { key: 0, reminder: null, defaults: initialDialog } : null),
  );
  const [confirmDelete, setConfirmDelete] = React.useState<ReminderRef | null>(null);
  const [confirmTest, setConfirmTest] = React.useState<ReminderRef | null>(null);
  const [busyIds, setBusyIds] = React.useState<ReadonlySet<string>>(new Set());
  const pause = api.reminders.pause.useMutation();
  const resume = api.reminders.resume.useMutation();
  const remove = api.reminders.delete.useMutation();
  const test = api.reminders.testNow.useMutation();

  const markBusy = React.useCallback(
    (id: string, busy: boolean) =>
      setBusyIds((prev) => {
        const next = new Set(prev);
        if (busy) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );

  const actions: ReminderActions = React.useMemo(
    () => ({
      busyIds,
      create: (defaults = {}) => setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, reminder: null, defaults })),
      edit: (reminder) => {
        markBusy(reminder.id, true);
        utils.reminders.get
          .fetch({ id: reminder.id })
          .then((full) => setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, reminder: full, defaults: {} })))
          .catch((error: ServerError) => toast.error(errorMessage(error, "Could not open the reminder.")))
          .finally(() => markBusy(reminder.id, false));
      },
      setPaused: (reminder, paused) => {
        markBusy(reminder.id, true);
        (paused ? pause : resume).mutate(
          { id: reminder.id },
          {
            onSuccess: async () => {
              await utils.reminders.invalidate();
              toast.success(paused ? `“${reminder.title}” paused: nothing goes out until you resume it.` : `“${reminder.title}” resumed.`);
            },
            onError: (error) => toast.error(errorMessage(error, paused ? "Could not pause the reminder." : "Could not resume the reminder.")),
            onSettled: () => markBusy(reminder.id, false),
          },
        );
      },
      testNow: (reminder) => setConfirmTest(reminder),
      remove: (reminder) => setConfirmDelete(reminder),
    }),
    [busyIds, markBusy, pause, resume, utils],
  );

  const whom = (r: ReminderRef) => r.contact?.name ?? "you";
  const elements = (
    <>
      {dialog ? (
        <ReminderDialog
          key={dialog.key}
          open
          onOpenChange={(open) => (open ? undefined : setDialog(null))}
          userTimeZone={userTimeZone}
          reminder={dialog.reminder}
          defaults={dialog.defaults}
        />
      ) : null}

      <ConfirmDialog
        open={confirmTest !== null}
        onOpenChange={(open) => (open ? undefined : setConfirmTest(null))}
        title={confirmTest ? `${testLabel(confirmTest.channels)}?` : "Send a test now?"}
        description={
          confirmTest
            ? `“${confirmTest.title}” goes out to ${whom(confirmTest)} right away, the way it will on schedule (retries and escalation included). It shows in the history marked as a test.`
            : undefined
        }
        confirmLabel="Send now"
        destructive={false}
        onConfirm={async () => {
          if (!confirmTest) return;
          const reminder = confirmTest;
          try {
            const { occurrenceId } = await test.mutateAsync({ id: reminder.id });
            await utils.reminders.invalidate();
            toast.success(`Test of “${reminder.title}” started.`, { description: "Its attempts show in the history as they happen." });
            onTestStarted?.(occurrenceId);
          } catch (error) {
            toast.error(errorMessage(error as ServerError, "Could not start the test."));
            throw error;
          }
        }}
      />

      <ConfirmDialog
        open={confirmDelete !== null}
        onOpenChange={(open) => (open ? undefined : setConfirmDelete(null))}
        title={confirmDelete ? `Delete “${confirmDelete.title}”?` : "Delete reminder?"}
        description="Its future times are cancelled and its history goes with it. This cannot be undone."
        confirmLabel="Delete reminder"
        onConfirm={async () => {
          if (!confirmDelete) return;
          const reminder = confirmDelete;
          try {
            await remove.mutateAsync({ id: reminder.id });
          } catch (error) {
            toast.error(errorMessage(error as ServerError, "Could not delete the reminder."));
            throw error;
          }
          await utils.reminders.invalidate();
          toast.success(`Reminder “${reminder.title}” deleted.`);
        }}
      />
    </>
  );

  return { actions, elements };
}
