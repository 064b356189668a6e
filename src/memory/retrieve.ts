import { Document } from "@langchain/core/documents";
import { BM25Retriever } from "@langchain/community/retrievers/bm25";
import type { ExperienceExample, ExperienceRecord, ProfileSummary } from "../types/experience.js";
import type { StoredExperience } from "./experience-store.js";

/** Experiences given to the instructor (at most). */
export const EXAMPLES_K = 5;

/** Lower-case alphanumeric words of a text, two characters or longer. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2);
}

/** One word naming a profile fact, e.g. "metricaccuracy" (letters and digits only). */
const fact = (name: string, value: string | number) =>
  `${name}${String(value)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")}`;

/** Order of magnitude of a row count, as a word ("rows3" for 1,000–9,999 rows). */
const sizeWord = (rows: number) => fact("rows", Math.max(0, Math.floor(Math.log10(Math.max(1, rows)))));

/** The words BM25 matches a task on: its title and description digest, and its profile facts. */
export function taskWords(task: { title: string; digest: string }, profile: ProfileSummary): string[] {
  const facts = [
    profile.taskType ? fact("type", profile.taskType) : null,
    profile.metric ? fact("metric", profile.metric) : null,
    fact("data", profile.dataType),
    ...Object.keys(profile.dataKinds).map((kind) => fact("kind", kind)),
    profile.rows !== null ? sizeWord(profile.rows) : null,
    profile.classes !== null ? fact("classes", Math.min(profile.classes, 10)) : null,
    profile.submissionForm ? fact("form", profile.submissionForm) : null,
  ].filter((w): w is string => w !== null);
  return [...words(task.title), ...words(task.digest), ...profile.columns.flatMap(words), ...facts];
}

/**
 * A text of words as the BM25 retriever of @langchain/community reads it. That retriever counts
 * substring occurrences and splits the query on whitespace, so every word is wrapped in
 * underscores: "_class_" never matches inside "_classification_".
 */
function bm25Text(list: readonly string[]): string {
  return list.map((w) => `_${w}_`).join(" ");
}

/** Records worth giving as examples: those with an instruction (a plain reference has none to learn from). */
function isExample(record: ExperienceRecord): boolean {
  return record.instruction !== null;
}

/**
 * The experiences most similar to a task, by BM25 over descriptions and profiles (no embedding
 * model): at most k, closest first, only those sharing at least one word, similarity scaled so the
 * closest has 1. Ties keep the store's order (newest first).
 */
export async function retrieveSimilar(
  stored: readonly StoredExperience[],
  task: { title: string; digest: string },
  profile: ProfileSummary,
  k = EXAMPLES_K,
): Promise<ExperienceExample[]> {
  const pool = stored.filter((s) => isExample(s.record));
  const query = [...new Set(taskWords(task, profile))];
  if (pool.length === 0 || query.length === 0) return [];
  const docs = pool.map(
    (s, index) => new Document({ pageContent: bm25Text(taskWords(s.record.task, s.record.profile)), metadata: { index } }),
  );
  const retriever = BM25Retriever.fromDocuments(docs, { k, includeScore: true });
  const found = await retriever.invoke(bm25Text(query));
  const scored = found
    .map((doc) => ({ index: Number(doc.metadata.index), score: Number(doc.metadata.bm25Score) }))
    .filter((s) => Number.isFinite(s.score) && s.score > 0);
  const best = scored[0]?.score ?? 0;
  return scored.map((s) => ({
    key: pool[s.index].key,
    similarity: Math.min(1, Number((s.score / best).toFixed(4))),
    record: pool[s.index].record,
  }));
}
