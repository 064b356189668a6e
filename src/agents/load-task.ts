import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { loadTask } from "../tools/load-task.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import { readContext } from "../graph/linguacodus/context.js";
import { chooseEngine } from "../graph/linguacodus/services.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/** Node load-task: reads the task directory, picks the engine and creates the run directory. */
export async function loadTaskNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const context = readContext(config);
  const task = await loadTask(state.taskDir);
  const engine = chooseEngine(context, config);
  const runId = state.runId ?? newRunId(task.dir);
  const runDir = resolve(state.runDir ?? context.runDir ?? join(context.runsDir, runId));
  await writeJsonArtifact(runDir, "task.json", { ...task, engine, context: { ...context, models: context.models ?? {} } });
  return { task, engine, runId, runDir };
}

/** A sortable, unique run id: 20261126-021503-penguins-3fa2. */
function newRunId(taskDir: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const name = basename(taskDir) === "public" ? basename(dirname(taskDir)) : basename(taskDir);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "task";
  return `${stamp}-${slug}-${randomBytes(2).toString("hex")}`;
}
