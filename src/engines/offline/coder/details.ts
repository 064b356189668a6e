import type { ProfileFacts } from "../facts.js";

/** Names a few columns: "a, b, c and 4 more". */
export function names(columns: string[], shown = 5): string {
  if (columns.length <= shown) return columns.join(", ");
  return `${columns.slice(0, shown).join(", ")} and ${columns.length - shown} more`;
}

/** A detail listing columns, or null when there are none. */
export function columnsDetail(columns: string[]): string | null {
  return columns.length ? names(columns) : null;
}

/** Feature columns with at least `share` missing values in the training file. */
export function missingColumns(facts: ProfileFacts, share: number): string[] {
  const c = facts.columns;
  const features = new Set([...c.numeric, ...c.categorical, ...c.highCardinality]);
  const train = facts.profile.files.find((f) => f.name === facts.profile.trainFile);
  return (train?.columns ?? [])
    .filter((col) => features.has(col.name) && col.missingFraction >= share)
    .map((col) => `${col.name} ${Math.round(col.missingFraction * 100)}%`);
}
