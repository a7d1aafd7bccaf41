"use client";

import * as React from "react";

import { FIELD_LIMITS } from "~/lib/field-limits";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { ToggleGroup, ToggleGroupItem } from "~/components/ui/toggle-group";
import {
  NTH_NAMES,
  NTH_OPTIONS,
  WEEKDAYS,
  WEEKDAY_NAMES,
  defaultRecurrence,
  type EndMode,
  type Nth,
  type Recurrence,
  type RepeatMode,
  type Weekday,
} from "./recurrence";

const MODE_LABELS: Record<RepeatMode, string> = {
  once: "Once",
  daily: "Every day",
  weekdays: "Every weekday (Monday to Friday)",
  weekly: "Every week on…",
  monthly_day: "Every month on day…",
  monthly_nth: "Every month on the…",
  custom: "Custom rule (RRULE)",
};

const UNIT: Partial<Record<RepeatMode, [string, string]>> = {
  daily: ["day", "days"],
  weekly: ["week", "weeks"],
  monthly_day: ["month", "months"],
  monthly_nth: ["month", "months"],
};

/** A whole number typed into a small box, kept within [min, max] (an empty box keeps the last value). */
function clampInt(text: string, min: number, max: number, fallback: number) {
  const n = Math.floor(Number(text));
  if (!Number.isFinite(n) || text.trim() === "") return fallback;
  return Math.min(max, Math.max(min, n));
}

/**
 * The "Repeats" part of the reminder form: picks a shape and its details; the parent turns the
 * value into the RRULE (toRrule) and shows the schedule in words with its next times. `id` is
 * the repeat select's id (its <Label> is the parent's); `invalid` marks the parts a server
 * error about the rule points at.
 */
export function RecurrenceBuilder({
  id,
  value,
  onChange,
  startsAtLocal,
  invalid,
  describedBy,
}: {
  id: string;
  value: Recurrence;
  onChange: (next: Recurrence) => void;
  /** The start date: choosing a shape starts from its weekday and day of the month. */
  startsAtLocal: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const set = (patch: Partial<Recurrence>) => onChange({ ...value, ...patch });
  const unit = UNIT[value.mode];
  const aria = { "aria-invalid": invalid || undefined, "aria-describedby": describedBy } as const;

  function chooseMode(mode: RepeatMode) {
    if (mode === value.mode) return;
    // A new shape starts from the start date (its weekday, its day of the month), keeping the end.
    const seeded = defaultRecurrence(startsAtLocal);
    onChange({
      ...seeded,
      mode,
      end: value.end,
      count: value.count,
      until: value.until,
      custom: value.custom,
      interval: 1,
    });
  }

  return (
    <div className="grid gap-3">
      <Select value={value.mode} onValueChange={(v) => chooseMode(v as RepeatMode)}>
        <SelectTrigger id={id} className="w-full" {...aria}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {(Object.keys(MODE_LABELS) as RepeatMode[]).map((mode) => (
            <SelectItem key={mode} value={mode}>
              {MODE_LABELS[mode]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>

      {value.mode === "weekly" ? (
        <ToggleGroup
          type="multiple"
          variant="outline"
          aria-label="Days of the week"
          value={value.days}
          onValueChange={(days) => days.length > 0 && set({ days: days as Weekday[] })}
          className="flex-wrap"
        >
          {WEEKDAYS.map((day) => (
            <ToggleGroupItem key={day} value={day} aria-label={WEEKDAY_NAMES[day]} className="px-2.5">
              {WEEKDAY_NAMES[day].slice(0, 2)}
            </ToggleGroupItem>
          ))}
        </ToggleGroup>
      ) : null}

      {value.mode === "monthly_day" ? (
        <div className="flex items-center gap-2 text-sm">
          <Label htmlFor={`${id}-month-day`}>Day of the month</Label>
          <Input
            id={`${id}-month-day`}
            type="number"
            inputMode="numeric"
            min={1}
            max={31}
            className="w-20"
            value={value.monthDay}
            onChange={(e) => set({ monthDay: clampInt(e.target.value, 1, 31, value.monthDay) })}
            {...aria}
          />
          {value.monthDay > 28 ? <span className="text-muted-foreground text-xs">Months without it are skipped.</span> : null}
        </div>
      ) : null}

      {value.mode === "monthly_nth" ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span>The</span>
          <Select value={String(value.nth)} onValueChange={(v) => set({ nth: Number(v) as Nth })}>
            <SelectTrigger className="w-28" aria-label="Which week of the month">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {NTH_OPTIONS.map((nth) => (
                <SelectItem key={nth} value={String(nth)}>
                  {NTH_NAMES[nth]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <Select value={value.nthDay} onValueChange={(v) => set({ nthDay: v as Weekday })}>
            <SelectTrigger className="w-36" aria-label="Day of the week">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {WEEKDAYS.map((day) => (
                <SelectItem key={day} value={day}>
                  {WEEKDAY_NAMES[day]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <span>of the month</span>
        </div>
      ) : null}

      {unit ? (
        <div className="flex items-center gap-2 text-sm">
          <Label htmlFor={`${id}-interval`}>Every</Label>
          <Input
            id={`${id}-interval`}
            type="number"
            inputMode="numeric"
            min={1}
            max={99}
            className="w-20"
            value={value.interval}
            onChange={(e) => set({ interval: clampInt(e.target.value, 1, 99, value.interval) })}
          />
          <span>{value.interval === 1 ? unit[0] : unit[1]}</span>
        </div>
      ) : null}

      {value.mode === "custom" ? (
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-custom`} className="sr-only">
            Repeat rule
          </Label>
          <Input
            id={`${id}-custom`}
            value={value.custom}
            onChange={(e) => set({ custom: e.target.value })}
            maxLength={FIELD_LIMITS.reminderRrule}
            placeholder="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"
            spellCheck={false}
            autoComplete="off"
            className="font-mono text-sm"
            {...aria}
          />
        </div>
      ) : null}

      {value.mode !== "once" && value.mode !== "custom" ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Label htmlFor={`${id}-end`}>Ends</Label>
          <Select value={value.end} onValueChange={(v) => set({ end: v as EndMode })}>
            <SelectTrigger id={`${id}-end`} className="w-36">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="never">Never</SelectItem>
              <SelectItem value="count">After</SelectItem>
              <SelectItem value="until">On date</SelectItem>
            </SelectContent>
          </Select>
          {value.end === "count" ? (
            <>
              <Input
                type="number"
                inputMode="numeric"
                min={1}
                max={999}
                className="w-20"
                aria-label="Number of times"
                value={value.count}
                onChange={(e) => set({ count: clampInt(e.target.value, 1, 999, value.count) })}
              />
              <span>{value.count === 1 ? "time" : "times"}</span>
            </>
          ) : null}
          {value.end === "until" ? (
            <Input
              type="date"
              className="w-44"
              aria-label="Last day"
              value={value.until}
              min={startsAtLocal.slice(0, 10)}
              onChange={(e) => set({ until: e.target.value })}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
