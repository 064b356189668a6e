import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Engine } from "../../engines/engine.js";
import { createModelProvider } from "../../models/factory.js";
import { GRAPH_ROLES, howToConfigure, unconfiguredRoles } from "../../models/config.js";
import type { PythonExecutor } from "../../tools/sandbox/executor-types.js";
import { createPythonExecutor } from "../../tools/sandbox/python-executor.js";
import type { Context } from "./context.js";

/**
 * In-process overrides a caller may put in `configurable` (tests, embedding applications):
 * an Engine instance or a PythonExecutor instance. Not serialisable, so not part of the context.
 */
export interface ServiceOverrides {
  /** Engine to use instead of the one the context selects. */
  engine?: Engine;
  /** Executor to use instead of the sandbox the context selects. */
  executor?: PythonExecutor;
}

function overrides(config: LangGraphRunnableConfig | undefined): ServiceOverrides {
  return (config?.configurable ?? {}) as ServiceOverrides;
}

/** Picks the engine for a new run; a partly configured model set is an error, never a silent fallback. */
export function chooseEngine(context: Context, config?: LangGraphRunnableConfig): "model" | "offline" {
  const override = overrides(config).engine;
  if (override) return override.name;
  if (context.engine === "offline") return "offline";
  const missing = unconfiguredRoles(context.models);
  if (context.engine === "model" || missing.length < GRAPH_ROLES.length) {
    if (missing.length) throw new Error(howToConfigure(missing));
    return "model";
  }
  return "offline";
}

/** The engine of a run (the one chosen at load-task); each engine's code loads only when used. */
export async function getEngine(name: "model" | "offline", context: Context, config?: LangGraphRunnableConfig): Promise<Engine> {
  const override = overrides(config).engine;
  if (override) return override;
  if (name === "offline") {
    const { createOfflineEngine } = await import("../../engines/offline/index.js");
    return createOfflineEngine({ race: context.race, wallSeconds: context.execTimeoutSeconds });
  }
  const { createModelEngine } = await import("../../engines/model/index.js");
  const models = createModelProvider(context.models, {
    timeoutMs: context.modelTimeoutSeconds * 1000,
    maxRetries: context.modelRetries,
    maxReplyBytes: context.modelMaxReplyKb * 1024,
  });
  return createModelEngine({ models, timeoutMs: context.modelTimeoutSeconds * 1000 });
}

/** The Python executor of a run; fails closed when the sandbox is required but unavailable. */
export function getExecutor(context: Context, config?: LangGraphRunnableConfig): PythonExecutor {
  return overrides(config).executor ?? createPythonExecutor({ python: context.python, sandbox: context.sandbox });
}
