import { join } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { profileData } from "../tools/task/profile-data.js";
import { describeProfile } from "../tools/task/describe-profile.js";
import { TaskError } from "../tools/task/load-task.js";
import { REFERENCE_DIR } from "../tools/task/reference.js";
import { offlineLimitation } from "../engines/offline/limits.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { readContext } from "../graph/linguacodus/context.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/**
 * Node profile-data: profiles every data file and infers target, id, task type and metric. A task
 * kind the offline engine cannot solve (images, several targets) is a TaskError saying so.
 */
export async function profileDataNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!state.task || !state.runDir) throw new Error("profile-data needs a loaded task");
  const context = readContext(config);
  const profile = await profileData(state.task, { python: context.python, referenceDir: join(state.runDir, REFERENCE_DIR) });
  await writeJsonArtifact(state.runDir, "profile.json", profile);
  await writeArtifact(state.runDir, "profile.md", describeProfile(profile) + "\n");
  const limitation = state.engine === "offline" ? offlineLimitation(profile) : null;
  if (limitation) throw new TaskError(limitation);
  return { profile };
}
