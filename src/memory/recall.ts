import type { BaseStore } from "@langchain/langgraph";
import type { DataProfile } from "../types/profile.js";
import type { Task } from "../types/task.js";
import type { ExperienceMode, RecalledExperience } from "../types/experience.js";
import { readExperiences } from "./experience-store.js";
import { describeTask } from "./from-run.js";
import { retrieveSimilar } from "./retrieve.js";

/** Why a call could not be served, as one line. */
const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The experiences of earlier tasks closest to this one. Without a store, or when the store fails,
 * nothing is recalled and `problem` says why: memory informs a run, it never stops one.
 */
export async function recallExperience(
  store: BaseStore | undefined,
  task: Task,
  profile: DataProfile,
  mode: ExperienceMode,
): Promise<RecalledExperience> {
  const none = { mode, examples: [], searched: 0, invalid: 0 };
  if (!store) return { ...none, problem: "no store: the graph was run without a LangGraph store" };
  try {
    const { items, invalid } = await readExperiences(store);
    const described = describeTask(task, profile);
    const examples = await retrieveSimilar(items, described.task, described.profile);
    return { mode, examples, searched: items.length + invalid, invalid, problem: null };
  } catch (error) {
    return { ...none, problem: `the experience store failed: ${why(error)}` };
  }
}
