import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import { contactInsights, rescoreContact, type ContactRef } from "./rescore";
import { SCORE_WEIGHTS, type ScoreComponent, type ScoreComponents } from "./score";

/** What the relationship card runs with: the database and the clock its insights are relative to. */
export interface RelationshipDeps {
  db: Db;
  now: () => Date;
}

function componentsOf(value: Prisma.JsonValue | null): ScoreComponents | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(SCORE_WEIGHTS) as ScoreComponent[];
  return keys.every((key) => typeof record[key] === "number")
    ? (Object.fromEntries(keys.map((key) => [key, record[key] as number])) as ScoreComponents)
    : null;
}

/** The contact page's relationship card: the stored score with its parts, and today's insights. */
export async function contactRelationship(deps: RelationshipDeps, userId: string, { id }: { id: string }) {
  const { db } = deps;
  const ref: ContactRef = { userId, contactId: id };
  const now = deps.now();
  const contact = await db.contact.findFirst({
    where: { id: ref.contactId, userId: ref.userId },
    select: { relationshipScore: true, scoreTrend: true, scoreComponents: true, scoreUpdatedAt: true },
  });
  if (!contact) throw notFound("Contact");
  return {
    score: contact.relationshipScore,
    trend: contact.scoreTrend,
    components: componentsOf(contact.scoreComponents),
    weights: SCORE_WEIGHTS,
    updatedAt: contact.scoreUpdatedAt,
    insights: (await contactInsights(db, ref, now)) ?? [],
  };
}

/** Recomputes the score now (it is otherwise recomputed after each analysed call). */
export async function recalculateRelationship(deps: RelationshipDeps, userId: string, input: { id: string }) {
  const now = deps.now();
  if (!(await rescoreContact(deps.db, { userId, contactId: input.id }, now))) throw notFound("Contact");
  return contactRelationship({ ...deps, now: () => now }, userId, input);
}
