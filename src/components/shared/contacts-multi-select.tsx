"use client";

import * as React from "react";
import { CheckIcon, ChevronsUpDownIcon, XIcon } from "lucide-react";

import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "~/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "~/components/ui/popover";
import { Spinner } from "~/components/ui/spinner";
import { useContactSearch, type ContactOption } from "~/hooks/use-contact-search";

export interface PickedContact {
  id: string;
  label: string;
}

/**
 * Picks several contacts (searching the user's contacts on the server). The trigger carries
 * `id` so a <Label htmlFor> names it; chosen contacts show as removable badges below it.
 */
export function ContactsMultiSelect({
  id,
  value,
  onChange,
  disabled,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
}: {
  id?: string;
  value: PickedContact[];
  onChange: (value: PickedContact[]) => void;
  disabled?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const [open, setOpen] = React.useState(false);
  const { options, search, setSearch, loading } = useContactSearch(open);
  const selected = new Set(value.map((c) => c.id));

  function toggle(option: ContactOption) {
    if (selected.has(option.value)) onChange(value.filter((c) => c.id !== option.value));
    else onChange([...value, { id: option.value, label: option.label }]);
  }

  return (
    <div className="grid gap-2">
      <Popover
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setSearch("");
        }}
      >
        <PopoverTrigger asChild>
          <Button
            id={id}
            type="button"
            variant="outline"
            role="combobox"
            aria-expanded={open}
            aria-haspopup="listbox"
            aria-invalid={ariaInvalid || undefined}
            aria-describedby={ariaDescribedBy}
            disabled={disabled}
            data-empty={value.length === 0}
            className="data-[empty=true]:text-muted-foreground w-full justify-between font-normal"
          >
            <span className="truncate">
              {value.length === 0
                ? "Add people…"
                : value.length === 1
                  ? value[0]!.label
                  : `${value.length} contacts`}
            </span>
            <ChevronsUpDownIcon className="opacity-50" />
          </Button>
        </PopoverTrigger>
        <PopoverContent className="w-(--radix-popover-trigger-width) min-w-[14rem] p-0" align="start">
          <Command shouldFilter={false} loop>
            <CommandInput placeholder="Search contacts…" value={search} onValueChange={setSearch} />
            <CommandList>
              {loading ? (
                <div className="text-muted-foreground flex items-center justify-center gap-2 py-6 text-sm">
                  <Spinner aria-hidden />
                  Loading…
                </div>
              ) : (
                <CommandEmpty>No contacts found.</CommandEmpty>
              )}
              {!loading && options.length > 0 ? (
                <CommandGroup>
                  {options.map((option) => (
                    <CommandItem key={option.value} value={option.value} onSelect={() => toggle(option)}>
                      <CheckIcon className={cn(selected.has(option.value) ? "opacity-100" : "opacity-0")} />
                      <div className="flex min-w-0 flex-col">
                        <span className="truncate">{option.label}</span>
                        {option.description ? (
                          <span className="text-muted-foreground truncate text-xs">{option.description}</span>
                        ) : null}
                      </div>
                    </CommandItem>
                  ))}
                </CommandGroup>
              ) : null}
            </CommandList>
          </Command>
        </PopoverContent>
      </Popover>
      {value.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Chosen people">
          {value.map((contact) => (
            <li key={contact.id}>
              <Badge variant="secondary" className="gap-1 pr-1">
                {contact.label}
                <button
                  type="button"
                  className="hover:bg-muted-foreground/20 rounded-sm p-0.5"
                  aria-label={`Remove ${contact.label}`}
                  onClick={() => onChange(value.filter((c) => c.id !== contact.id))}
                  disabled={disabled}
                >
                  <XIcon className="size-3" aria-hidden="true" />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
