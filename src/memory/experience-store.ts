import type { BaseStore } from "@langchain/langgraph";
import { ExperienceRecordSchema, type ExperienceRecord } from "../types/experience.js";
import { relativeScore } from "./digest.js";

/** The one store namespace every experience lives in. */
export const EXPERIENCE_NAMESPACE = ["linguacodus", "experience"];

/** Most records a retrieval reads (the newest first). */
export const MAX_SEARCHED = 5000;

/** A stored experience with its key. */
export interface StoredExperience {
  /** Key in the namespace. */
  key: string;
  /** The record. */
  record: ExperienceRecord;
  /** When it was last written. */
  updatedAt: Date;
}

/** Writes one experience (replacing the record of the same key). */
export async function putExperience(store: BaseStore, key: string, record: ExperienceRecord): Promise<void> {
  await store.put(EXPERIENCE_NAMESPACE, key, ExperienceRecordSchema.parse(record), false);
}

/**
 * The newest experiences (at most `limit`, default MAX_SEARCHED), matching an optional equality
 * filter on top-level fields. Values that are not valid records are counted, never returned.
 */
export async function readExperiences(
  store: BaseStore,
  options: { limit?: number; filter?: Record<string, string> } = {},
): Promise<{ items: StoredExperience[]; invalid: number }> {
  const found = await store.search(EXPERIENCE_NAMESPACE, { limit: options.limit ?? MAX_SEARCHED, filter: options.filter });
  const items: StoredExperience[] = [];
  let invalid = 0;
  for (const item of found) {
    const parsed = ExperienceRecordSchema.safeParse(item.value);
    if (parsed.success) items.push({ key: item.key, record: parsed.data, updatedAt: new Date(item.updatedAt) });
    else invalid++;
  }
  return { items, invalid };
}

/** One experience by key: the record, null when absent; an invalid value is an error naming the key. */
export async function getExperience(store: BaseStore, key: string): Promise<ExperienceRecord | null> {
  const item = await store.get(EXPERIENCE_NAMESPACE, key);
  if (!item) return null;
  const parsed = ExperienceRecordSchema.safeParse(item.value);
  if (!parsed.success) throw new Error(`experience "${key}" is not a valid record: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** Deletes one experience; false when there was none. */
export async function forgetExperience(store: BaseStore, key: string): Promise<boolean> {
  const item = await store.get(EXPERIENCE_NAMESPACE, key);
  if (!item) return false;
  await store.delete(EXPERIENCE_NAMESPACE, key);
  return true;
}

/**
 * A record with its reference score set and its relative score computed. Both are holdout scores
 * each script computed its own way; on time-ordered data one may validate on the latest rows and
 * the other on shuffled folds, so there they are not compared (the relative score stays null).
 */
function withReference(record: ExperienceRecord, reference: number): ExperienceRecord {
  const comparable = record.profile.dataType !== "time_series";
  const relative = comparable ? relativeScore(record.outcome.score, reference, record.profile.higherIsBetter) : null;
  return { ...record, outcome: { ...record.outcome, referenceScore: reference, relativeScore: relative } };
}

/**
 * Links a run with the plain reference of the same task (same task key and engine), whichever
 * finished first: a run record gets the newest scored reference's score; a reference record fills
 * in the runs still without one (they are rewritten). Returns the record to store for `key`.
 */
export async function linkReference(store: BaseStore, key: string, record: ExperienceRecord): Promise<ExperienceRecord> {
  if (record.source === "dataset") return record;
  if (record.source === "run") {
    if (record.outcome.referenceScore !== null) return record;
    const { items } = await readExperiences(store, { filter: { taskKey: record.taskKey, source: "reference" } });
    const reference = items.find((i) => i.record.engine === record.engine && i.record.outcome.score !== null);
    return reference ? withReference(record, reference.record.outcome.score!) : record;
  }
  const score = record.outcome.score;
  const own = { ...record, outcome: { ...record.outcome, referenceScore: score, relativeScore: score === null ? null : 0 } };
  if (score === null) return own;
  const { items } = await readExperiences(store, { filter: { taskKey: record.taskKey, source: "run" } });
  for (const run of items) {
    if (run.key === key || run.record.engine !== record.engine || run.record.outcome.referenceScore !== null) continue;
    await putExperience(store, run.key, withReference(run.record, score));
  }
  return own;
}
