import { Document } from "@langchain/core/documents";
import { BM25Retriever } from "@langchain/community/retrievers/bm25";
import type { ExperienceExample, ExperienceRecord, ProfileSummary } from "../types/experience.js";
import type { StoredExperience } from "./experience-store.js";

/** Experiences given to the instructor (at most). */
export const EXAMPLES_K = 5;

/** English function words and the boilerplate of every competition description: they say nothing about a task. */
const STOPWORDS = new Set(
  (
    "a an and are as at be by can each for from has have in is it its of on or that the their this to was were will with you your " +
    "we our which who what when where how all any not no one two per than then there these those into over also may must should " +
    "file files csv data dataset submission submissions submit test train training set row rows column columns id ids value values " +
    "evaluation evaluated metric score scored format header following example overview description competition kaggle task predict prediction predictions"
  ).split(" "),
);

/** Lower-case alphanumeric words of a text, two characters or longer, stopwords dropped. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2 && !STOPWORDS.has(w));
}

/** One word naming a profile fact, e.g. "metricaccuracy" (letters and digits only). */
const fact = (name: string, value: string | number) =>
  `${name}${String(value)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")}`;

/** Order of magnitude of a row count, as a word ("rows3" for 1,000–9,999 rows). */
const sizeWord = (rows: number) => fact("rows", Math.max(0, Math.floor(Math.log10(Math.max(1, rows)))));

/**
 * How many times a profile fact counts in the query against a description word (whose boilerplate
 * most competitions share): task type, metric and data type say most about which approach fits,
 * column kinds, size, classes and submission form less.
 */
const WEIGHT = { core: 6, detail: 2 } as const;

/** Words naming a profile's facts: the core ones (type, metric, data type) and the details. */
function profileFacts(profile: ProfileSummary): { core: string[]; detail: string[] } {
  const present = (list: Array<string | null>) => list.filter((w): w is string => w !== null);
  return {
    core: present([
      profile.taskType ? fact("type", profile.taskType) : null,
      profile.metric ? fact("metric", profile.metric) : null,
      fact("data", profile.dataType),
    ]),
    detail: present([
      ...Object.keys(profile.dataKinds).map((kind) => fact("kind", kind)),
      profile.rows !== null ? sizeWord(profile.rows) : null,
      profile.classes !== null ? fact("classes", Math.min(profile.classes, 10)) : null,
      profile.submissionForm ? fact("form", profile.submissionForm) : null,
    ]),
  };
}

/** The words BM25 matches a task on: its title and description digest, its column names and its profile facts. */
export function taskWords(task: { title: string; digest: string }, profile: ProfileSummary): string[] {
  const { core, detail } = profileFacts(profile);
  return [...words(task.title), ...words(task.digest), ...profile.columns.flatMap(words), ...core, ...detail];
}

/** The query of a task: each of its words once, its profile facts WEIGHT times (BM25 sums a repeated query word). */
function queryWords(task: { title: string; digest: string }, profile: ProfileSummary): string[] {
  const { core, detail } = profileFacts(profile);
  const repeat = (list: string[], times: number) => Array.from({ length: times - 1 }, () => list).flat();
  return [...new Set(taskWords(task, profile)), ...repeat(core, WEIGHT.core), ...repeat(detail, WEIGHT.detail)];
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
 * model; profile facts weigh more than a description word: WEIGHT): at most k, closest first, only those sharing at least one word, similarity scaled so the
 * closest has 1. Ties keep the store's order (newest first).
 */
export async function retrieveSimilar(
  stored: readonly StoredExperience[],
  task: { title: string; digest: string },
  profile: ProfileSummary,
  k = EXAMPLES_K,
): Promise<ExperienceExample[]> {
  const pool = stored.filter((s) => isExample(s.record));
  const query = queryWords(task, profile);
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
