"use client";

import * as React from "react";
import { SearchIcon, XIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { Combobox } from "~/components/ui/combobox";
import { Input } from "~/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import type { ContactsParams } from "./use-contacts-params";

const ALL = "__all";

/** The search box and the tag and company filters above the contacts table. */
export function ContactsToolbar({ params }: { params: ContactsParams }) {
  const tags = api.contacts.tags.useQuery();
  const companies = api.contacts.companies.useQuery();
  const { tag, company } = params;

  const tagOptions = tags.data ?? [];
  const companyOptions = React.useMemo(
    () => (companies.data ?? []).map((c) => ({ value: c.company, label: c.company, description: `${c.count}` })),
    [companies.data],
  );

  return (
    <section aria-label="Search and filters" className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
      <div className="relative sm:w-72">
        <SearchIcon
          className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2"
          aria-hidden="true"
        />
        <Input
          type="search"
          aria-label="Search contacts"
          placeholder="Search name, email, phone, company…"
          className="pl-8"
          value={params.text}
          onChange={(e) => params.setText(e.target.value)}
        />
      </div>
      <div className="grid grid-cols-2 gap-3 sm:flex">
        <Select value={tag || ALL} onValueChange={(v) => params.setTag(v === ALL ? null : v)}>
          <SelectTrigger className="w-full sm:w-44" aria-label="Filter by tag">
            <SelectValue placeholder="All tags" />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All tags</SelectItem>
            {tag && !tagOptions.some((t) => t.tag === tag) ? <SelectItem value={tag}>#{tag}</SelectItem> : null}
            {tagOptions.map((t) => (
              <SelectItem key={t.tag} value={t.tag}>
                #{t.tag}
                <span className="text-muted-foreground ml-auto pl-2 text-xs tabular-nums">{t.count}</span>
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <div className="sm:w-52">
          <Combobox
            aria-label="Filter by company"
            value={company || undefined}
            valueLabel={company || undefined}
            onChange={(value) => params.setCompany(value ?? null)}
            options={companyOptions}
            loading={companies.isLoading}
            placeholder="All companies"
            searchPlaceholder="Search companies…"
            emptyText="No companies."
          />
        </div>
      </div>
      {params.filtered ? (
        <Button variant="ghost" size="sm" onClick={params.clearFilters} className="self-start sm:self-auto">
          <XIcon aria-hidden="true" />
          Clear filters
        </Button>
      ) : null}
    </section>
  );
}
