/** Relationship scoring (docs/domain.md#relationship-scoring): the pure score and insights, and their database side. */
export {
  SCORE_WEIGHTS,
  computeRelationshipScore,
  insightsFor,
  type Insight,
  type RelationshipScore,
  type ScoreComponents,
  type ScoreInputs,
} from "./score";
export { contactInsights, loadScoreInputs, rescoreContact, type ContactRef } from "./rescore";
export { contactRelationship, recalculateRelationship } from "./relationship";
export { rescoreStaleContacts } from "./stale";
