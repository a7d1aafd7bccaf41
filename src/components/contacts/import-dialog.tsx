"use client";

import * as React from "react";
import Link from "next/link";
import { CheckCircle2Icon, CircleAlertIcon, CopyIcon, FileUpIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { countText, formatCount, plural } from "~/lib/format";
import { IMPORT_LIMITS } from "~/lib/field-limits";
import { cn } from "~/lib/utils";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "~/components/ui/dialog";
import { FieldDescription, FieldError } from "~/components/ui/field";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Spinner } from "~/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { Textarea } from "~/components/ui/textarea";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import { errorMessage } from "~/components/shared/form-errors";

type CsvPreview = RouterOutputs["contacts"]["previewCsv"];
type ImportResult = RouterOutputs["contacts"]["importCsv"];
type Mapping = CsvPreview["mapping"];
type ImportField = NonNullable<Mapping[number]>;

const IGNORE = "__ignore";
const FIELD_OPTIONS: Array<{ value: ImportField; label: string }> = [
  { value: "firstName", label: "First name" },
  { value: "lastName", label: "Last name" },
  { value: "fullName", label: "Full name" },
  { value: "email", label: "Email" },
  { value: "phone", label: "Phone" },
  { value: "company", label: "Company" },
  { value: "jobTitle", label: "Job title" },
  { value: "notes", label: "Notes" },
  { value: "tags", label: "Tags" },
];
const MAX_BYTES = IMPORT_LIMITS.bytes;

type Step =
  | { kind: "choose" }
  | { kind: "map"; csv: string; fileName: string | null; preview: CsvPreview }
  | { kind: "result"; format: "CSV" | "vCard"; result: ImportResult };

function looksLikeVcard(text: string, fileName: string | null) {
  if (fileName && /\.(vcf|vcard)$/i.test(fileName)) return true;
  return /^\s*BEGIN:VCARD/i.test(text);
}

/**
 * Import contacts: pick or paste a CSV or vCard file. A CSV gets a mapping step (a field per
 * column, preview rows, row errors and duplicates) before anything is written; a vCard imports
 * straight away. The result lists what was imported and every row that was not, by row number.
 */
export function ImportContactsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const utils = api.useUtils();
  const [step, setStep] = React.useState<Step>({ kind: "choose" });
  const [pasted, setPasted] = React.useState("");
  const [chooseError, setChooseError] = React.useState<string | null>(null);
  // Ctrl/⌘+Enter in the paste box continues, like the Continue button.
  const pasteHotkeyRef = useSubmitHotkey<HTMLTextAreaElement>(() => void start(pasted, null));
  const fileInput = React.useRef<HTMLInputElement>(null);

  const previewCsv = api.contacts.previewCsv.useMutation();
  const importCsv = api.contacts.importCsv.useMutation();
  const importVcard = api.contacts.importVcard.useMutation();
  const busy = previewCsv.isPending || importCsv.isPending || importVcard.isPending;

  async function finish(format: "CSV" | "vCard", result: ImportResult) {
    setStep({ kind: "result", format, result });
    if (result.imported > 0) {
      toast.success(`Imported ${countText(result.imported, "contact")}.`);
      await Promise.all([utils.contacts.list.invalidate(), utils.contacts.tags.invalidate(), utils.contacts.companies.invalidate()]);
    }
  }

  async function start(text: string, fileName: string | null) {
    setChooseError(null);
    if (!text.trim()) {
      setChooseError(fileName ? `“${fileName}” is empty.` : "Paste the contents of a CSV or vCard file first.");
      return;
    }
    try {
      if (looksLikeVcard(text, fileName)) {
        await finish("vCard", await importVcard.mutateAsync({ vcf: text }));
      } else {
        const preview = await previewCsv.mutateAsync({ csv: text });
        setStep({ kind: "map", csv: text, fileName, preview });
      }
    } catch (error) {
      setChooseError(errorMessage(error as Parameters<typeof errorMessage>[0], "The file could not be read."));
    }
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setChooseError("The file is larger than 5 MB; split it into smaller files.");
      return;
    }
    const text = await file.text();
    if (fileInput.current) fileInput.current.value = "";
    await start(text, file.name);
  }

  async function remap(csv: string, fileName: string | null, mapping: Mapping) {
    try {
      const preview = await previewCsv.mutateAsync({ csv, mapping });
      setStep({ kind: "map", csv, fileName, preview });
    } catch (error) {
      toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not preview with that mapping."));
    }
  }

  async function runCsvImport(csv: string, mapping: Mapping) {
    try {
      await finish("CSV", await importCsv.mutateAsync({ csv, mapping }));
    } catch (error) {
      toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "The import failed; nothing was imported."));
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (!busy ? onOpenChange(next) : undefined)}>
      <DialogContent
        className={cn(
          "max-h-[calc(100dvh-2rem)] overflow-y-auto",
          step.kind === "map" ? "sm:max-w-3xl" : "sm:max-w-lg",
        )}
      >
        {step.kind === "choose" ? (
          <>
            <DialogHeader>
              <DialogTitle>Import contacts</DialogTitle>
              <DialogDescription>
                A CSV from a spreadsheet or another CRM, or a vCard (.vcf) from your phone. Duplicates of people you already have
                are skipped and listed.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-4">
              <label
                htmlFor="import-contacts-file"
                className={cn(
                  "hover:bg-accent/40 flex cursor-pointer flex-col items-center gap-2 rounded-lg border border-dashed px-4 py-6 text-center",
                  busy && "pointer-events-none opacity-60",
                )}
              >
                {busy ? <Spinner className="size-6" aria-hidden /> : <FileUpIcon className="text-muted-foreground size-6" aria-hidden="true" />}
                <span className="text-sm font-medium">Choose a file</span>
                <span className="text-muted-foreground text-xs">
                  .csv or .vcf, up to 5 MB and {formatCount(IMPORT_LIMITS.rows)} contacts per file
                </span>
              </label>
              <input
                ref={fileInput}
                id="import-contacts-file"
                type="file"
                accept=".csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard"
                className="sr-only"
                disabled={busy}
                onChange={(e) => void onFile(e.target.files?.[0])}
              />
              <div className="grid gap-2">
                <Label htmlFor="import-contacts-paste">Or paste CSV or vCard text</Label>
                <Textarea
                  id="import-contacts-paste"
                  rows={5}
                  className="font-mono text-xs"
                  placeholder={"First name,Last name,Email,Phone\nAda,Lovelace,ada@example.com,+1 415 555 0134"}
                  value={pasted}
                  disabled={busy}
                  onChange={(e) => setPasted(e.target.value)}
                  ref={pasteHotkeyRef}
                />
              </div>
              <FieldError role="alert">{chooseError}</FieldError>
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
                Cancel
              </Button>
              <Button type="button" onClick={() => void start(pasted, null)} disabled={busy || !pasted.trim()}>
                {busy ? <Spinner aria-hidden /> : null}
                Continue
              </Button>
            </DialogFooter>
          </>
        ) : step.kind === "map" ? (
          <MappingStep
            step={step}
            busy={busy}
            previewing={previewCsv.isPending}
            importing={importCsv.isPending}
            onMappingChange={(mapping) => void remap(step.csv, step.fileName, mapping)}
            onBack={() => setStep({ kind: "choose" })}
            onImport={() => void runCsvImport(step.csv, step.preview.mapping)}
          />
        ) : (
          <ResultStep
            format={step.format}
            result={step.result}
            onAgain={() => {
              setPasted("");
              setStep({ kind: "choose" });
            }}
            onDone={() => onOpenChange(false)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function MappingStep({
  step,
  busy,
  previewing,
  importing,
  onMappingChange,
  onBack,
  onImport,
}: {
  step: Extract<Step, { kind: "map" }>;
  busy: boolean;
  previewing: boolean;
  importing: boolean;
  onMappingChange: (mapping: Mapping) => void;
  onBack: () => void;
  onImport: () => void;
}) {
  const { preview } = step;
  const errorsByRow = new Map(preview.errors.map((e) => [e.row, e.message]));
  const duplicatesByRow = new Map(preview.duplicates.map((d) => [d.row, d]));
  const shownRows = new Set(preview.rows.map((r) => r.row));
  const otherErrors = preview.errors.filter((e) => !shownRows.has(e.row));
  const otherDuplicates = preview.duplicates.filter((d) => !shownRows.has(d.row));
  const n = preview.importable;

  return (
    <>
      <DialogHeader>
        <DialogTitle>Match the columns</DialogTitle>
        <DialogDescription>
          {step.fileName ? `“${step.fileName}”: ` : ""}
          {countText(preview.totalRows, "row")}. Choose which contact field each column fills;
          columns set to Ignore are left out.
        </DialogDescription>
      </DialogHeader>

      <section aria-label="Column mapping" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {preview.columns.map((column, i) => {
          const value = preview.mapping[i] ?? IGNORE;
          const sample = preview.rows.find((r) => r.cells[i]?.trim())?.cells[i];
          return (
            <div key={`${i}-${column}`} className="grid min-w-0 gap-1.5">
              <Label htmlFor={`import-map-${i}`} className="truncate" title={column}>
                {column}
              </Label>
              <Select
                value={value}
                disabled={busy}
                onValueChange={(v) => {
                  const next = [...preview.mapping];
                  next[i] = v === IGNORE ? null : (v as ImportField);
                  onMappingChange(next);
                }}
              >
                <SelectTrigger id={`import-map-${i}`} className="w-full" aria-label={`Field for column “${column}”`}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={IGNORE}>Ignore</SelectItem>
                  {FIELD_OPTIONS.map((o) => (
                    <SelectItem key={o.value} value={o.value}>
                      {o.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              {sample ? <FieldDescription className="truncate">e.g. {sample}</FieldDescription> : null}
            </div>
          );
        })}
      </section>

      {preview.mappingError ? (
        <Alert variant="destructive">
          <CircleAlertIcon aria-hidden="true" />
          <AlertDescription>{preview.mappingError}</AlertDescription>
        </Alert>
      ) : null}

      <section aria-label="Preview" className="grid gap-2">
        <div className="flex items-center justify-between gap-2">
          <h3 className="text-sm font-medium">
            Preview{preview.totalRows > preview.rows.length ? ` (first ${preview.rows.length} rows)` : ""}
          </h3>
          {previewing ? (
            <span className="text-muted-foreground flex items-center gap-1 text-xs">
              <Spinner className="size-3" aria-hidden /> Checking…
            </span>
          ) : null}
        </div>
        <div className="overflow-x-auto rounded-lg border">
          <Table className="text-xs">
            <TableHeader>
              <TableRow>
                <TableHead className="w-12">Row</TableHead>
                {preview.columns.map((c, i) => (
                  <TableHead key={i} className={cn("whitespace-nowrap", !preview.mapping[i] && "text-muted-foreground/60 line-through")}>
                    {c}
                  </TableHead>
                ))}
                <TableHead className="min-w-40">Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {preview.rows.map((r) => {
                const error = errorsByRow.get(r.row);
                const duplicate = duplicatesByRow.get(r.row);
                return (
                  <TableRow key={r.row} className={cn(error && "bg-destructive/5", duplicate && "bg-amber-500/5")}>
                    <TableCell className="text-muted-foreground tabular-nums">{r.row}</TableCell>
                    {preview.columns.map((_, i) => (
                      <TableCell
                        key={i}
                        className={cn("max-w-40 truncate", !preview.mapping[i] && "text-muted-foreground/60")}
                        title={r.cells[i]}
                      >
                        {r.cells[i]}
                      </TableCell>
                    ))}
                    <TableCell className="whitespace-normal">
                      {error ? (
                        <span className="text-destructive">{error}</span>
                      ) : duplicate ? (
                        <span className="text-amber-700 dark:text-amber-300">Skipped: {duplicate.reason}</span>
                      ) : preview.mappingError ? (
                        <span className="text-muted-foreground">—</span>
                      ) : (
                        <span className="text-emerald-700 dark:text-emerald-300">Ready</span>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
        {otherErrors.length > 0 || otherDuplicates.length > 0 ? (
          <IssueList errors={otherErrors} duplicates={otherDuplicates} title="Further rows that will not be imported" />
        ) : null}
      </section>

      <DialogFooter className="items-center sm:justify-between">
        <p className="text-muted-foreground text-sm" aria-live="polite">
          {preview.mappingError
            ? "Nothing to import yet."
            : `${formatCount(n)} ready${preview.errors.length ? `, ${preview.errors.length} with errors` : ""}${
                preview.duplicates.length ? `, ${countText(preview.duplicates.length, "duplicate")}` : ""
              }.`}
        </p>
        <div className="flex flex-col-reverse gap-2 sm:flex-row">
          <Button type="button" variant="outline" onClick={onBack} disabled={busy}>
            Back
          </Button>
          <Button type="button" onClick={onImport} disabled={busy || n === 0 || preview.mappingError !== null}>
            {importing ? <Spinner aria-hidden /> : null}
            Import {countText(n, "contact")}
          </Button>
        </div>
      </DialogFooter>
    </>
  );
}

function IssueList({
  errors,
  duplicates,
  title,
}: {
  errors: ImportResult["errors"];
  duplicates: ImportResult["duplicates"];
  title: string;
}) {
  const items = [
    ...errors.map((e) => ({ row: e.row, kind: "error" as const, text: e.message, existing: null as string | null })),
    ...duplicates.map((d) => ({ row: d.row, kind: "duplicate" as const, text: d.reason, existing: d.existingContactId })),
  ].sort((a, b) => a.row - b.row);
  return (
    <div className="grid gap-1.5">
      <h3 className="text-sm font-medium">{title}</h3>
      <ul className="max-h-56 divide-y overflow-y-auto rounded-lg border text-sm">
        {items.map((item) => (
          <li key={`${item.kind}-${item.row}`} className="flex items-start gap-2 px-3 py-2">
            {item.kind === "error" ? (
              <CircleAlertIcon className="text-destructive mt-0.5 size-4 shrink-0" aria-hidden="true" />
            ) : (
              <CopyIcon className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
            )}
            <span className="min-w-0 flex-1">
              <span className="font-medium">Row {item.row}:</span>{" "}
              {item.kind === "duplicate" ? "Duplicate — " : ""}
              {item.text}
              {item.existing ? (
                <>
                  {" "}
                  <Link href={`/contacts/${item.existing}`} className="font-medium underline underline-offset-4">
                    View existing contact
                  </Link>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ResultStep({
  format,
  result,
  onAgain,
  onDone,
}: {
  format: "CSV" | "vCard";
  result: ImportResult;
  onAgain: () => void;
  onDone: () => void;
}) {
  const unit = format === "vCard" ? "card" : "row";
  return (
    <>
      <DialogHeader>
        <DialogTitle>Import finished</DialogTitle>
        <DialogDescription>
          {result.errors.length + result.duplicates.length === 0
            ? `Every ${unit} was imported.`
            : `The ${unit}s listed below were not imported; fix them and import those again.`}
        </DialogDescription>
      </DialogHeader>
      <div className="grid gap-4">
        <div className="grid grid-cols-3 gap-2 text-center">
          <Stat value={result.imported} label="imported" tone="text-emerald-700 dark:text-emerald-300" icon />
          <Stat value={result.errors.length} label={plural(result.errors.length, "error")} tone="text-destructive" />
          <Stat
            value={result.duplicates.length}
            label={plural(result.duplicates.length, "duplicate")}
            tone="text-amber-700 dark:text-amber-300"
          />
        </div>
        {result.errors.length > 0 || result.duplicates.length > 0 ? (
          <IssueList errors={result.errors} duplicates={result.duplicates} title={`Not imported (${unit} numbers)`} />
        ) : null}
      </div>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onAgain}>
          Import another file
        </Button>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}

function Stat({ value, label, tone, icon }: { value: number; label: string; tone: string; icon?: boolean }) {
  return (
    <div className="rounded-lg border px-2 py-3">
      <p className={cn("flex items-center justify-center gap-1 text-2xl font-semibold tabular-nums", value > 0 ? tone : "text-muted-foreground")}>
        {icon && value > 0 ? <CheckCircle2Icon className="size-5" aria-hidden="true" /> : null}
        {formatCount(value)}
      </p>
      <p className="text-muted-foreground text-xs">
        <span className="sr-only">{formatCount(value)} </span>
        {label}
      </p>
    </div>
  );
}
