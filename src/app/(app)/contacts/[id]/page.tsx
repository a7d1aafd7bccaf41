import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";

import { api } from "~/trpc/server";
import { contactDisplayName } from "~/lib/contact-name";
import { ContactDetail } from "~/components/contacts/contact-detail";

async function load(id: string) {
  if (id.length > 64) return null;
  return api.contacts.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  });
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const data = await load((await params).id);
  return { title: data ? contactDisplayName(data.contact) : "Contact not found" };
}

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const data = await load((await params).id);
  if (!data) notFound();
  return <ContactDetail initial={data} />;
}
