import type { DataProfile } from "../../types/profile.js";
import { isPlainCsv } from "./reference.js";

/** Fewest training rows a holdout is made from (below, every split would be noise). */
export const MIN_HOLDOUT_ROWS = 30;

/** Why the harness cannot hold rows out of this task (the run then keeps the paper's flow), or null when it can. */
export function holdoutObstacle(profile: DataProfile): string | null {
  if (!profile.testFile || !profile.sampleSubmissionFile || !profile.idColumn)
    return "the task has no test file, sample submission or id column";
  if (profile.constantTarget !== null) return "the target is constant: there is nothing to compare";
  if (profile.targetKind !== "single") return `a ${profile.targetKind.replace("_", "-")} target is not split yet`;
  for (const name of [profile.trainFile, profile.testFile, profile.sampleSubmissionFile]) {
    const file = profile.files.find((f) => f.name === name);
    if (!file) return `${name} was not profiled`;
    if (!isPlainCsv(file.format)) return `${name} is not plain comma-separated UTF-8 CSV (the splitter writes only that)`;
  }
  const rows = profile.files.find((f) => f.name === profile.trainFile)?.rows ?? 0;
  if (rows < MIN_HOLDOUT_ROWS) return `the training file has ${rows} rows (a holdout needs ${MIN_HOLDOUT_ROWS})`;
  return null;
}
