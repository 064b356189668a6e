import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { graph, invokeWholeState } from "../../graph/linguacodus/graph.js";
import { makeContext, type LinguacodusContext } from "../../graph/linguacodus/context.js";
import { summarise } from "../../graph/linguacodus/summary.js";

/** Arguments a tool-calling agent passes to solveMlTask. */
export const SolveMlTaskSchema = z.object({
  /** Task directory: description.md plus the data files (train.csv, test.csv, sample_submission.csv, ...). */
  taskDir: z.string().describe("Path of the task directory (description.md + CSV files)"),
  /** Number of candidate instructions. */
  candidates: z.number().int().min(1).max(10).optional().describe("Number of candidate instructions (default 3)"),
  /** Fix attempts after the first run. */
  maxFixes: z.number().int().min(0).max(10).optional().describe("Fix attempts after the first run (default 3)"),
});

/**
 * The Linguacodus graph as a LangChain tool: any tool-calling agent can solve an ML task with it.
 * `defaults` fixes the run settings the agent may not choose (engine, models, runs directory, ...).
 * The tool answers with the run summary as JSON: status, submission path, validation score, run dir;
 * a run that fails (bad task, model error, cancellation) answers status "failed" with the error, never throws.
 */
export function createSolveMlTaskTool(defaults: z.input<typeof LinguacodusContext> = {}) {
  return tool(
    async ({ taskDir, ...settings }, config) => {
      try {
        const context = makeContext({ ...defaults, ...settings });
        const final = await invokeWholeState(graph, { taskDir }, { context, callbacks: config?.callbacks, signal: config?.signal });
        return JSON.stringify(summarise(final, final.status === "running" ? "failed" : final.status));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const cancelled = config?.signal?.aborted ? "cancelled: " : "";
        return JSON.stringify(summarise({ taskDir, error: `${cancelled}${message}` }, "failed"));
      }
    },
    {
      name: "solveMlTask",
      description:
        "Solve a machine-learning task (a directory with description.md and CSV data files): writes ranked instructions, " +
        "generates and runs a Python solution in a sandbox, and returns the run summary with the validated submission.csv path.",
      schema: SolveMlTaskSchema,
    },
  );
}

/** solveMlTask with default settings (engine auto, runs under ./runs). */
export const solveMlTask = createSolveMlTaskTool();
