import { createHash } from "node:crypto";
import type { DataProfile } from "../types/profile.js";
import type { ProfileSummary } from "../types/experience.js";
import { dataTypeOf } from "../tools/task/describe-profile.js";

/** Longest description digest kept, in characters. */
export const DIGEST_CHARS = 1500;
/** Most training column names a profile summary keeps. */
const MAX_COLUMNS = 40;
/** Longest column name kept. */
const MAX_COLUMN_CHARS = 40;

/** SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Whether a line looks like data rather than prose: a table row, or comma/tab separated values. */
function looksLikeData(line: string): boolean {
  if (/^\s*\|/.test(line)) return true;
  const commas = (line.match(/,/g) ?? []).length;
  const tabs = (line.match(/\t/g) ?? []).length;
  const words = line.split(/\s+/).filter(Boolean).length;
  return tabs >= 2 || (commas >= 2 && commas >= words - 1);
}

/**
 * The description's prose, condensed for retrieval and prompts: fenced code, indented code,
 * markdown tables, CSV-like lines and links' targets are dropped (a description may quote data
 * rows; an experience never keeps them), whitespace collapsed, cut at DIGEST_CHARS.
 */
export function descriptionDigest(description: string): string {
  const kept: string[] = [];
  let fenced = false;
  for (const line of description.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^( {4}|\t)/.test(line) || looksLikeData(line)) continue;
    kept.push(line.replace(/\]\([^)]*\)/g, "]").replace(/https?:\/\/\S+/g, ""));
  }
  const text = kept.join(" ").replace(/\s+/g, " ").trim();
  return text.length > DIGEST_CHARS ? text.slice(0, DIGEST_CHARS) : text;
}

/** The kind of data a profile describes: task type, metric, column kinds and size, no values. */
export function summariseProfile(profile: DataProfile): ProfileSummary {
  const train = profile.files.find((f) => f.name === profile.trainFile);
  const features = (train?.columns ?? []).filter((c) => c.name !== profile.labelColumn);
  const dataKinds: Record<string, number> = {};
  for (const c of features) dataKinds[c.kind] = (dataKinds[c.kind] ?? 0) + 1;
  return {
    taskType: profile.taskType,
    metric: profile.metric,
    higherIsBetter: profile.higherIsBetter,
    dataType: dataTypeOf(profile),
    dataKinds,
    columns: (train?.columns ?? []).slice(0, MAX_COLUMNS).map((c) => c.name.slice(0, MAX_COLUMN_CHARS)),
    rows: train?.rows ?? null,
    classes: profile.classes?.length ?? null,
    submissionForm: profile.submissionForm,
  };
}

/** The identity of a task: its description and the shape of its data (a run and its plain reference share it). */
export function taskKeyOf(descriptionSha256: string, profile: ProfileSummary): string {
  return sha256(JSON.stringify([descriptionSha256, profile])).slice(0, 32);
}

/** (score − reference) / |reference|, signed so that positive is better; null when not computable. */
export function relativeScore(score: number | null, reference: number | null, higherIsBetter: boolean): number | null {
  if (score === null || reference === null || !Number.isFinite(score) || !Number.isFinite(reference)) return null;
  const scale = Math.abs(reference);
  if (scale < 1e-12) return null;
  return ((score - reference) / scale) * (higherIsBetter ? 1 : -1);
}
