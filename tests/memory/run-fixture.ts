/** A tiny task on disk, loaded and profiled, for records built from a run. */
import { join } from "node:path";
import { loadTask } from "../../src/tools/task/load-task.js";
import { profileData } from "../../src/tools/task/profile-data.js";
import { PYTHON, writeTinyTask, type tempDirs } from "../helpers/fakes.js";

/** Writes the tiny task under a new temp dir and profiles it with the real profiler. */
export async function tinyTaskAndProfile(dirs: ReturnType<typeof tempDirs>) {
  const dir = join(dirs.make("lc-memory-"), "task");
  writeTinyTask(dir);
  const task = await loadTask(dir);
  return { task, profile: await profileData(task, { python: PYTHON }) };
}
