import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Engine, EngineInput } from "../../engines/engine.js";
import { readContext, type Context } from "./context.js";
import { getEngine, getExecutor } from "./services.js";
import { wallDeadline } from "./budget.js";
import type { State } from "./state.js";

/** What a model-backed node needs: the run's engine, its input and the parsed context. */
export interface RunServices {
  /** The engine chosen at load-task. */
  engine: Engine;
  /** Task, profile, run directory and executor for the engine. */
  input: EngineInput;
  /** Parsed run settings. */
  context: Context;
}

/** Builds the services of a node call; the task must have been loaded and profiled. */
export async function runServices(state: Partial<State>, config: LangGraphRunnableConfig): Promise<RunServices> {
  const { task, profile, runDir, engine } = state;
  if (!task || !profile || !runDir || !engine) {
    throw new Error("state lacks task, profile, runDir or engine: run load-task and profile-data first");
  }
  const context = readContext(config);
  return {
    engine: await getEngine(engine, context, config),
    input: {
      task,
      profile,
      runDir,
      executor: getExecutor(context, config),
      signal: config.signal,
      environment: state.environment ?? null,
      deadline: wallDeadline(state, context),
      fallbacks: state.fallbacks ?? [],
    },
    context,
  };
}
