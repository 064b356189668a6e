import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { profileData } from "../tools/task/profile-data.js";
import { describeProfile } from "../tools/task/describe-profile.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { readContext } from "../graph/linguacodus/context.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/** Node profile-data: profiles every CSV and infers target, id, task type and metric. */
export async function profileDataNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!state.task || !state.runDir) throw new Error("profile-data needs a loaded task");
  const context = readContext(config);
  const profile = await profileData(state.task, { python: context.python });
  await writeJsonArtifact(state.runDir, "profile.json", profile);
  await writeArtifact(state.runDir, "profile.md", describeProfile(profile) + "\n");
  return { profile };
}
