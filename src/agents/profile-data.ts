import { join } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { profileData } from "../tools/task/profile-data.js";
import { describeProfile } from "../tools/task/describe-profile.js";
import { probeEnvironment } from "../tools/environment/probe-environment.js";
import { TaskError } from "../tools/task/load-task.js";
import { REFERENCE_DIR } from "../tools/task/reference.js";
import { offlineLimitation } from "../engines/offline/limits.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { readContext } from "../graph/linguacodus/context.js";
import { getExecutor } from "../graph/linguacodus/services.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/**
 * Node profile-data: profiles every CSV and infers target, id, task type and metric; at the same
 * time probes, once per run, the environment generated code gets (the run's interpreter in the
 * run's sandbox: Python and library versions, CPUs, GPU) into environment.json. A failed probe
 * is recorded (prompts then say the environment is unknown); a failed profile fails the run. A task
 * kind the offline engine cannot solve (images, several targets) is a TaskError saying so.
 */
export async function profileDataNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!state.task || !state.runDir) throw new Error("profile-data needs a loaded task");
  const context = readContext(config);
  const probeDir = join(state.runDir, "env", "probe");
  const [profile, probed] = await Promise.all([
    profileData(state.task, { python: context.python, referenceDir: join(state.runDir, REFERENCE_DIR) }),
    Promise.resolve()
      .then(() => probeEnvironment(getExecutor(context, config), probeDir, config.signal))
      .then(
        (environment) => ({ environment, error: null }),
        (error: unknown) => ({ environment: null, error: error instanceof Error ? error.message : String(error) }),
      ),
  ]);
  await writeJsonArtifact(state.runDir, "profile.json", profile);
  await writeArtifact(state.runDir, "profile.md", describeProfile(profile) + "\n");
  await writeJsonArtifact(state.runDir, "environment.json", probed.environment ?? { error: probed.error });
  const limitation = state.engine === "offline" ? offlineLimitation(profile) : null;
  if (limitation) throw new TaskError(limitation);
  return { profile, environment: probed.environment, environmentError: probed.error };
}
