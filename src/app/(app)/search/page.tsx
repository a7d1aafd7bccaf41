import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getServerAuthSession } from "~/server/auth";
import { SearchView } from "~/components/search/search-view";

export const metadata: Metadata = { title: "Search" };

/** /search?q=…&type=…&page=…: everything that matches, ranked (the ⌘K palette's "See all results"). */
export default async function SearchPage() {
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");
  return <SearchView userKey={session.user.id} />;
}
