import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { writeJsonArtifact } from "../run/artifacts.js";
import { recallExperience } from "../memory/recall.js";
import { readContext } from "../graph/linguacodus/context.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/**
 * Node recall-experience: before the instructor writes candidates, retrieves the experiences of
 * the most similar earlier tasks from the run's LangGraph store (config.store) and keeps them as
 * experience.json. With experience off it neither reads nor writes anything; once recalled (a
 * reviewer asked for new candidates) it is not repeated.
 */
export async function recallExperienceNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { experience: mode } = readContext(config);
  if (mode === "off" || state.experience) return {};
  if (!state.task || !state.profile || !state.runDir) throw new Error("recall-experience needs the loaded task and its profile");
  const recalled = await recallExperience(config.store, state.task, state.profile, mode);
  await writeJsonArtifact(state.runDir, "experience.json", recalled);
  return { experience: recalled };
}
