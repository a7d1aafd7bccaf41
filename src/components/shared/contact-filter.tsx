"use client";

import { Combobox } from "~/components/ui/combobox";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { useContactSearch } from "~/hooks/use-contact-search";

/** A list filter for one contact, searched on the server ("Any contact" when empty). */
export function ContactFilter({
  value,
  onChange,
  "aria-label": ariaLabel,
}: {
  value: PickedContact | null;
  onChange(contact: PickedContact | null): void;
  "aria-label": string;
}) {
  const contactSearch = useContactSearch();
  return (
    <Combobox
      aria-label={ariaLabel}
      value={value?.id}
      valueLabel={value?.label}
      onChange={(id) => {
        const option = contactSearch.options.find((o) => o.value === id);
        onChange(id ? { id, label: option?.label ?? id } : null);
      }}
      options={contactSearch.options}
      onSearchChange={contactSearch.setSearch}
      loading={contactSearch.loading}
      placeholder="Any contact"
      searchPlaceholder="Search contacts…"
      emptyText="No contacts found."
    />
  );
}
