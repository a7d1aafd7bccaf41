"use client";

import * as React from "react";
import { defaultFilter } from "cmdk";
import { CheckIcon, ChevronsUpDownIcon } from "lucide-react";

import { cn } from "~/lib/utils";
import { Button } from "~/components/ui/button";
import {
  Command,
  CommandEmpty,
  CommandGroup,
  CommandInput,
  CommandItem,
  CommandList,
} from "~/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "~/components/ui/popover";
import { Spinner } from "~/components/ui/spinner";

type ComboboxOption = { value: string; label: string; description?: string };

type ComboboxProps = {
  value?: string;
  onChange: (value?: string) => void;
  options: ComboboxOption[];
  /**
   * Called with the search text as the user types (and with "" when the popover closes).
   * When given, filtering is left to the caller (server-side search): options are shown as
   * passed. Without it, options are filtered locally by label and description.
   */
  onSearchChange?: (query: string) => void;
  /** Delay before `onSearchChange` fires, in ms. Default 0 (debounce in the caller if you like). */
  searchDebounceMs?: number;
  placeholder?: string;
  searchPlaceholder?: string;
  emptyText?: string;
  loading?: boolean;
  id?: string;
  "aria-label"?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  disabled?: boolean;
  /**
   * Label for `value` when it is not among `options` (e.g. the initial value of an async
   * search whose results do not include it yet).
   */
  valueLabel?: string;
  className?: string;
};

/** Filters on the label/description keywords only, not on the (often opaque) option value. */
function filterByKeywords(_value: string, search: string, keywords?: string[]) {
  return defaultFilter((keywords ?? []).join(" "), search);
}

/**
 * A single-select combobox (Popover + Command). Selecting the selected option again clears it.
 * Keyboard: Enter/Space/ArrowDown on the trigger opens it; type to search; arrows move; Enter
 * selects; Escape closes and returns focus to the trigger.
 */
function Combobox({
  value,
  onChange,
  options,
  onSearchChange,
  searchDebounceMs = 0,
  placeholder = "Select…",
  searchPlaceholder = "Search…",
  emptyText = "No results.",
  loading = false,
  id,
  "aria-label": ariaLabel,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
  disabled,
  valueLabel,
  className,
}: ComboboxProps) {
  const [open, setOpen] = React.useState(false);
  const [search, setSearch] = React.useState("");
  // Remembers the label of the last picked option, so it still shows after the options change
  // (async search results).
  const [picked, setPicked] = React.useState<ComboboxOption | undefined>(undefined);
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onSearchChangeRef = React.useRef(onSearchChange);
  React.useEffect(() => {
    onSearchChangeRef.current = onSearchChange;
  });
  React.useEffect(() => () => clearTimeout(timer.current), []);

  const emitSearch = React.useCallback(
    (query: string, immediate = false) => {
      clearTimeout(timer.current);
      if (immediate || searchDebounceMs <= 0) {
        onSearchChangeRef.current?.(query);
      } else {
        timer.current = setTimeout(() => onSearchChangeRef.current?.(query), searchDebounceMs);
      }
    },
    [searchDebounceMs],
  );

  const selectedLabel =
    value === undefined
      ? undefined
      : (options.find((o) => o.value === value)?.label ??
        (picked?.value === value ? picked.label : undefined) ??
        valueLabel ??
        value);

  function handleOpenChange(next: boolean) {
    setOpen(next);
    if (!next && search !== "") {
      setSearch("");
      emitSearch("", true);
    }
  }

  return (
    <Popover open={open} onOpenChange={handleOpenChange}>
      <PopoverTrigger asChild>
        <Button
          id={id}
          type="button"
          variant="outline"
          role="combobox"
          aria-expanded={open}
          aria-haspopup="listbox"
          aria-label={ariaLabel}
          aria-invalid={ariaInvalid || undefined}
          aria-describedby={ariaDescribedBy}
          disabled={disabled}
          data-empty={selectedLabel === undefined}
          className={cn(
            "data-[empty=true]:text-muted-foreground w-full justify-between font-normal",
            className,
          )}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" && !open) {
              event.preventDefault();
              setOpen(true);
            }
          }}
        >
          <span className="truncate">{selectedLabel ?? placeholder}</span>
          <ChevronsUpDownIcon className="opacity-50" />
        </Button>
      </PopoverTrigger>
      <PopoverContent
        className="w-(--radix-popover-trigger-width) min-w-[12rem] p-0"
        align="start"
      >
        <Command
          shouldFilter={!onSearchChange}
          filter={filterByKeywords}
          loop
        >
          <CommandInput
            placeholder={searchPlaceholder}
            value={search}
            onValueChange={(query) => {
              setSearch(query);
              emitSearch(query);
            }}
          />
          <CommandList>
            {loading ? (
              <div
                data-slot="combobox-loading"
                className="text-muted-foreground flex items-center justify-center gap-2 py-6 text-sm"
              >
                <Spinner aria-hidden />
                Loading…
              </div>
            ) : (
              <CommandEmpty>{emptyText}</CommandEmpty>
            )}
            {!loading && options.length > 0 && (
              <CommandGroup>
                {options.map((option) => (
                  <CommandItem
                    key={option.value}
                    value={option.value}
                    keywords={
                      option.description ? [option.label, option.description] : [option.label]
                    }
                    onSelect={() => {
                      const next = option.value === value ? undefined : option.value;
                      setPicked(next === undefined ? undefined : option);
                      onChange(next);
                      handleOpenChange(false);
                    }}
                  >
                    <CheckIcon
                      className={cn(option.value === value ? "opacity-100" : "opacity-0")}
                    />
                    <div className="flex min-w-0 flex-col">
                      <span className="truncate">{option.label}</span>
                      {option.description && (
                        <span className="text-muted-foreground truncate text-xs">
                          {option.description}
                        </span>
                      )}
                    </div>
                  </CommandItem>
                ))}
              </CommandGroup>
            )}
          </CommandList>
        </Command>
      </PopoverContent>
    </Popover>
  );
}

export { Combobox, type ComboboxOption, type ComboboxProps };
