import { join, resolve } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { loadTask } from "../tools/task/load-task.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import { newRunId } from "../run/run-record.js";
import { readContext } from "../graph/linguacodus/context.js";
import { chooseEngine } from "../graph/linguacodus/services.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/** Node load-task: reads the task directory, picks the engine and creates the run directory. */
export async function loadTaskNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const context = readContext(config);
  const task = await loadTask(state.taskDir);
  const engine = chooseEngine(context, config);
  const threadId = config.configurable?.thread_id;
  const runId = state.runId ?? (typeof threadId === "string" ? threadId : newRunId(task.dir));
  const runDir = resolve(state.runDir ?? context.runDir ?? join(context.runsDir, runId));
  await writeJsonArtifact(runDir, "task.json", { ...task, engine, context: { ...context, models: context.models ?? {} } });
  return { task, engine, runId, runDir, startedAt: state.startedAt ?? Date.now() };
}
