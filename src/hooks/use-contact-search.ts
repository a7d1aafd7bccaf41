"use client";

import * as React from "react";
import { keepPreviousData } from "@tanstack/react-query";
import { api } from "~/trpc/react";
import { contactDisplayName } from "~/lib/contact-name";
import { useDebouncedSearch } from "./use-debounced-value";

export interface ContactOption {
  value: string;
  label: string;
  description?: string;
}

/** Server-side contact search for pickers (contacts.list), debounced. */
export function useContactSearch(enabled = true) {
  const [search, setSearch] = React.useState("");
  const debounced = useDebouncedSearch(search);
  const query = api.contacts.list.useQuery(
    { search: debounced || undefined, page: 1, pageSize: 20 },
    { enabled, placeholderData: keepPreviousData, staleTime: 30_000 },
  );
  const options: ContactOption[] = React.useMemo(
    () =>
      (query.data?.items ?? []).map((c) => ({
        value: c.id,
        label: contactDisplayName(c),
        description: c.company ?? undefined,
      })),
    [query.data],
  );
  return { options, search, setSearch, loading: query.isLoading };
}
