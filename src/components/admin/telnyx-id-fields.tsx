"use client";

import type { UseFormRegisterReturn } from "react-hook-form";

import { Field, FieldDescription, FieldError, describedBy, type fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";

type Ids = ReturnType<typeof fieldIds>;
export type TelnyxIdField = "connectionId" | "messagingProfileId";

const fields: Array<{ name: TelnyxIdField; label: string; description: string; placeholder: string }> = [
  {
    name: "connectionId",
    label: "Connection id",
    description: "The Call Control application’s id: needed to place and forward calls.",
    placeholder: "1684641123236054244",
  },
  {
    name: "messagingProfileId",
    label: "Messaging profile id",
    description: "Used to send texts from this number.",
    placeholder: "40017f8e-49bd-4f16-9e3d-ef103f916228",
  },
];

/** A number's two Telnyx ids as typed by the owner (the add and edit dialogs share them, each with its form's `register`). */
export function TelnyxIdFields({
  ids,
  register,
  errors,
}: {
  ids: Record<TelnyxIdField, Ids>;
  register: (field: TelnyxIdField) => UseFormRegisterReturn<TelnyxIdField>;
  errors: Partial<Record<TelnyxIdField, string>>;
}) {
  return fields.map((field) => (
    <Field key={field.name}>
      <Label htmlFor={ids[field.name].input}>{field.label}</Label>
      <Input
        id={ids[field.name].input}
        aria-invalid={errors[field.name] ? true : undefined}
        aria-describedby={describedBy(errors[field.name] && ids[field.name].error, ids[field.name].description)}
        {...register(field.name)}
        maxLength={100}
        className="font-mono"
        placeholder={field.placeholder}
        autoComplete="off"
      />
      <FieldDescription id={ids[field.name].description}>{field.description}</FieldDescription>
      <FieldError id={ids[field.name].error}>{errors[field.name]}</FieldError>
    </Field>
  ));
}
