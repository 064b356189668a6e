import { join } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { makeHoldout } from "../tools/task/holdout.js";
import { holdoutObstacle } from "../tools/task/holdout-eligibility.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import { moveAside } from "../run/move-aside.js";
import { readContext } from "../graph/linguacodus/context.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/** Seed of the split (recorded in holdout/plan.json). */
const SPLIT_SEED = 0;

/**
 * Node split-holdout: before any code runs, the harness splits the training file into fit and
 * holdout parts under holdout/ (stratified for classes, by time when the profile found a time
 * order, k folds for small tables). Validation runs see a split's public/ folder; its labels stay
 * in private/, outside every sandbox. A task that cannot be split keeps the paper's flow, with the
 * reason recorded; a split that fails is recorded the same way and never fails the run. With
 * selection "paper" no split is made: the Decider chooses before any code runs.
 */
export async function splitHoldoutNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { task, profile, runDir } = state;
  if (!task || !profile || !runDir) throw new Error("split-holdout needs a loaded, profiled task");
  const context = readContext(config);
  if (context.selection === "paper") return { holdout: null, holdoutNote: null }; // the paper's flow runs no validation runs
  const obstacle = holdoutObstacle(profile);
  if (obstacle) {
    await writeJsonArtifact(runDir, "holdout/none.json", { reason: obstacle });
    return { holdout: null, holdoutNote: obstacle };
  }
  const outDir = join(runDir, "holdout");
  await moveAside(join(outDir, "splits")); // a split left by an interrupted run is kept, renamed; the split is redone
  try {
    const holdout = await makeHoldout(task, profile, outDir, { python: context.python, seed: SPLIT_SEED });
    return { holdout, holdoutNote: null };
  } catch (error) {
    const reason = `the holdout split failed: ${(error instanceof Error ? error.message : String(error)).split("\n").slice(-3).join(" ")}`;
    await writeJsonArtifact(runDir, "holdout/none.json", { reason });
    return { holdout: null, holdoutNote: reason };
  }
}
