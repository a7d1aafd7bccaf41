"use client";

import * as React from "react";
import { format } from "date-fns";
import { CalendarIcon, XIcon } from "lucide-react";

import { cn } from "~/lib/utils";
import { Button } from "~/components/ui/button";
import { Calendar } from "~/components/ui/calendar";
import { Popover, PopoverContent, PopoverTrigger } from "~/components/ui/popover";

type DatePickerProps = {
  value?: Date;
  onChange: (date?: Date) => void;
  placeholder?: string;
  id?: string;
  disabled?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  /** Applied to the wrapper (set the width here, e.g. `w-full` or `w-60`). */
  className?: string;
  /** date-fns format string for the trigger label. */
  dateFormat?: string;
  /** Extra props for the Calendar (e.g. `disabled`, `startMonth`, `endMonth`, `captionLayout`). */
  calendarProps?: Omit<
    React.ComponentProps<typeof Calendar>,
    "mode" | "selected" | "onSelect" | "required"
  >;
};

/**
 * A button that shows the chosen date (or a placeholder) and opens a Calendar in a Popover.
 * `id`, `aria-invalid` and `aria-describedby` go on the trigger button, so `<Label htmlFor>`
 * and FieldError wiring work as for an Input. A clear (×) button appears when a date is set.
 */
function DatePicker({
  value,
  onChange,
  placeholder = "Pick a date",
  id,
  disabled,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
  className,
  dateFormat = "PPP",
  calendarProps,
}: DatePickerProps) {
  const [open, setOpen] = React.useState(false);
  const canClear = value !== undefined && !disabled;

  return (
    <div data-slot="date-picker" className={cn("relative w-full", className)}>
      <Popover open={open} onOpenChange={setOpen}>
        <PopoverTrigger asChild>
          <Button
            id={id}
            type="button"
            variant="outline"
            disabled={disabled}
            aria-invalid={ariaInvalid || undefined}
            aria-describedby={ariaDescribedBy}
            data-empty={value === undefined}
            className={cn(
              "data-[empty=true]:text-muted-foreground w-full justify-start text-left font-normal",
              canClear && "pr-9",
            )}
          >
            <CalendarIcon />
            <span className="truncate">{value ? format(value, dateFormat) : placeholder}</span>
          </Button>
        </PopoverTrigger>
        <PopoverContent className="w-auto p-0" align="start">
          <Calendar
            autoFocus
            defaultMonth={value}
            {...calendarProps}
            mode="single"
            selected={value}
            onSelect={(date) => {
              onChange(date ?? undefined);
              setOpen(false);
            }}
          />
        </PopoverContent>
      </Popover>
      {canClear && (
        <Button
          type="button"
          variant="ghost"
          size="icon-sm"
          aria-label="Clear date"
          className="text-muted-foreground hover:text-foreground absolute top-1/2 right-1 size-7 -translate-y-1/2"
          onClick={() => onChange(undefined)}
        >
          <XIcon />
        </Button>
      )}
    </div>
  );
}

export { DatePicker, type DatePickerProps };
