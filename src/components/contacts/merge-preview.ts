import type { ContactData } from "~/server/contacts/normalize";

/** The fields of a contact that a merge combines (see mergeContacts in ~/server/contacts/merge). */
export interface MergeableContact extends ContactData {
  relationshipScore: number;
  lastContactedAt: Date | null;
}

function unionBy(first: string[], second: string[], key: (value: string) => string) {
  const seen = new Set<string>();
  return [...first, ...second].filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const blankToNull = (text: string | null) => (text?.trim() ? text.trim() : null);

/**
 * The kept contact as the merge will leave it, mirroring the merge's SQL so the dialog's preview
 * is exact: emails and phones are the union (kept contact's first), tags too but case-insensitive
 * (first spelling wins), notes are joined with a blank line, empty last name / company / job
 * title take the other's, score and last contacted take the higher / later.
 */
export function mergedContact(kept: MergeableContact, merged: MergeableContact): MergeableContact {
  const notes = [blankToNull(kept.notes), blankToNull(merged.notes)].filter(Boolean).join("\n\n");
  const later =
    kept.lastContactedAt && merged.lastContactedAt
      ? new Date(Math.max(kept.lastContactedAt.getTime(), merged.lastContactedAt.getTime()))
      : (kept.lastContactedAt ?? merged.lastContactedAt);
  return {
    firstName: kept.firstName,
    lastName: kept.lastName || merged.lastName,
    emails: unionBy(kept.emails, merged.emails, (v) => v),
    phones: unionBy(kept.phones, merged.phones, (v) => v),
    company: kept.company || merged.company,
    jobTitle: kept.jobTitle || merged.jobTitle,
    notes: notes || null,
    tags: unionBy(kept.tags, merged.tags, (v) => v.toLowerCase()),
    relationshipScore: Math.max(kept.relationshipScore, merged.relationshipScore),
    lastContactedAt: later,
  };
}
