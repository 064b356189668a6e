import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { deriveFacts, type ProfileFacts } from "../../../src/engines/offline/facts.js";
import { loadTask } from "../../../src/tools/task/load-task.js";
import { profileData } from "../../../src/tools/task/profile-data.js";
import type { Task } from "../../../src/types/task.js";
import type { DataProfile } from "../../../src/types/profile.js";

/** The interpreter the tests run (Debian's, with pandas and scikit-learn). */
export const PYTHON = "/usr/bin/python3";

const GENERATOR = fileURLToPath(new URL("./make_tiny_tasks.py", import.meta.url));

/** Names of the tiny synthetic tasks make_tiny_tasks.py writes. */
export const TINY_TASKS = ["binary-mixed", "binary-auc", "multiclass-logloss", "text-f1", "counts-rmsle", "regression-text"] as const;

/** A tiny task, loaded and profiled by the real profiler. */
export interface TinyTask {
  name: string;
  task: Task;
  profile: DataProfile;
  facts: ProfileFacts;
}

/** Writes the tiny tasks under root and profiles them. */
export async function makeTinyTasks(root: string): Promise<TinyTask[]> {
  await promisify(execFile)(PYTHON, [GENERATOR, root]);
  return Promise.all(
    TINY_TASKS.map(async (name) => {
      const task = await loadTask(`${root}/${name}`);
      const profile = await profileData(task, { python: PYTHON });
      return { name, task, profile, facts: deriveFacts(profile) };
    }),
  );
}
