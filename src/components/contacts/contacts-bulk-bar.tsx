"use client";

import * as React from "react";
import { Trash2Icon } from "lucide-react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { countText, formatCount } from "~/lib/format";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { errorMessage } from "~/components/shared/form-errors";

/**
 * What to do with the checked contacts (they may be on several pages): how many, clear, and
 * delete after a confirmation. Nothing while none is checked.
 */
export function ContactsBulkBar({
  selected,
  selectedOnPage,
  onClear,
}: {
  selected: ReadonlySet<string>;
  selectedOnPage: number;
  onClear: () => void;
}) {
  const utils = api.useUtils();
  const bulkDelete = api.contacts.bulkDelete.useMutation();
  const [confirmOpen, setConfirmOpen] = React.useState(false);

  return (
    <>
      {selected.size > 0 ? (
        <div
          role="status"
          className="bg-muted/60 flex flex-wrap items-center justify-between gap-2 rounded-lg border px-3 py-2 text-sm"
        >
          <span>
            {formatCount(selected.size)} selected
            {selected.size > selectedOnPage ? (
              <span className="text-muted-foreground"> ({selected.size - selectedOnPage} on other pages)</span>
            ) : null}
          </span>
          <div className="flex gap-2">
            <Button variant="ghost" size="sm" onClick={onClear}>
              Clear selection
            </Button>
            <Button variant="destructive" size="sm" onClick={() => setConfirmOpen(true)}>
              <Trash2Icon aria-hidden="true" />
              Delete selected
            </Button>
          </div>
        </div>
      ) : null}

      <ConfirmDialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        title={`Delete ${countText(selected.size, "contact")}?`}
        description="Their calls, texts, tasks and events stay, but no longer point to them. This cannot be undone."
        confirmLabel={`Delete ${formatCount(selected.size)}`}
        onConfirm={async () => {
          try {
            const result = await bulkDelete.mutateAsync({ ids: [...selected] });
            toast.success(`Deleted ${countText(result.count, "contact")}.`);
          } catch (error) {
            toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not delete the contacts."));
            throw error;
          }
          onClear();
          await Promise.all([utils.contacts.list.invalidate(), utils.contacts.tags.invalidate(), utils.contacts.companies.invalidate()]);
        }}
      />
    </>
  );
}
