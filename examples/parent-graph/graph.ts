/**
 * A parent graph that uses Linguacodus as a subgraph: it fans out one solve per task directory
 * (Send), each a full Linguacodus run, and collects a leaderboard.
 *
 * Linguacodus's contract as a subgraph:
 *   input   { taskDir }                       (optionally runDir / runId)
 *   output  LinguacodusOutput: status ("succeeded" | "failed" | "budget_exhausted"), submissionPath,
 *           validationScore, metric, higherIsBetter, instructionTitle, runDir, reportPath, error
 *   context the Linguacodus run context (engine, models, candidates, maxFixes, budgets, ...)
 */
import { END, START, Send, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { registry } from "@langchain/langgraph/zod";
import { z } from "zod";
import { graph as linguacodus } from "../../src/graph/linguacodus/graph.js";
import { LinguacodusContext, readContext } from "../../src/graph/linguacodus/context.js";

/** One solved task as the parent sees it. */
export const TaskResultSchema = z.object({
  /** The task directory. */
  taskDir: z.string(),
  /** Final status of the Linguacodus run. */
  status: z.string(),
  /** Validation score the solution reported (null if none). */
  validationScore: z.number().nullable(),
  /** The validated submission (null if none). */
  submissionPath: z.string().nullable(),
  /** Title of the instruction the code was generated from. */
  instruction: z.string().nullable(),
});
export type TaskResult = z.infer<typeof TaskResultSchema>;

/** The parent's state. */
export const ParentState = z.object({
  /** Input: the task directories to solve. */
  taskDirs: z.array(z.string()),
  /** Send payload only: the task one solve handles. */
  taskDir: z.string().optional(),
  /** One result per solved task, appended. */
  results: z
    .array(TaskResultSchema)
    .register(registry, { reducer: { fn: (a: TaskResult[], b: TaskResult[]) => [...a, ...b] }, default: () => [] }),
  /** The leaderboard text written at the end. */
  leaderboard: z.string().optional(),
});
type Parent = z.infer<typeof ParentState>;

/** Runs Linguacodus on one task: the subgraph call, mapped through its input/output contract. */
async function solve(state: Parent, config: LangGraphRunnableConfig) {
  const final = await linguacodus.invoke({ taskDir: state.taskDir! }, { ...config, context: readContext(config) });
  const result: TaskResult = {
    taskDir: state.taskDir!,
    status: final.status,
    validationScore: final.validationScore,
    submissionPath: final.submissionPath,
    instruction: final.instructionTitle,
  };
  return { results: [result] };
}

/** Writes the leaderboard. */
async function leaderboard(state: Parent) {
  const lines = state.results.map(
    (r) => `${r.status.padEnd(10)} ${String(r.validationScore ?? "-").padEnd(8)} ${r.taskDir}  (${r.instruction ?? "no instruction"})`,
  );
  return { leaderboard: lines.join("\n") };
}

/** The parent graph: fan out a Linguacodus run per task, then the leaderboard (compile it with a checkpointer to resume it). */
export const parentBuilder = new StateGraph(ParentState, LinguacodusContext)
  .addNode("solve", solve, { subgraphs: [linguacodus] })
  .addNode("write-leaderboard", leaderboard)
  .addConditionalEdges(START, (s: Parent) => s.taskDirs.map((taskDir) => new Send("solve", { ...s, taskDir })), ["solve"])
  .addEdge("solve", "write-leaderboard")
  .addEdge("write-leaderboard", END);

/** The parent graph compiled without checkpoints. */
export const graph = parentBuilder.compile();
graph.name = "parent-graph";
