"use client";

/** The owner's Telnyx numbers and who each is assigned to (filled in by the phone-number work). */
export function NumbersSection() {
  return null;
}
