import type { BaseStore } from "@langchain/langgraph";
import type { ExperienceRecord } from "../types/experience.js";
import { linkReference, putExperience } from "./experience-store.js";
import { experienceFromRun, type FinishedRun } from "./from-run.js";

/** Records a finished run's experience, linked with its plain reference; returns what was stored. */
export async function recordExperience(
  store: BaseStore,
  run: FinishedRun,
  now = new Date(),
): Promise<{ key: string; record: ExperienceRecord }> {
  const { key, record } = experienceFromRun(run, now);
  const linked = await linkReference(store, key, record);
  await putExperience(store, key, linked);
  return { key, record: linked };
}
