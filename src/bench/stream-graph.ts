import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph";
import { graph as linguacodus, linguacodusBuilder } from "../graph/linguacodus/graph.js";
import { graph as codegen, codegenBuilder } from "../graph/codegen/graph.js";
import type { Context } from "../graph/linguacodus/context.js";
import { abortReason, recordCancel } from "../graph/linguacodus/cancel.js";
import { resumeInput } from "../graph/linguacodus/resume.js";
import type { ServiceOverrides } from "../graph/linguacodus/services.js";
import type { State } from "../graph/linguacodus/state.js";
import type { PythonExecutor } from "../tools/sandbox/executor-types.js";
import { parseProgressEvent, type ProgressEvent } from "../types/progress-events.js";
import type { BenchMode } from "./result.js";

/** Where a run keeps its checkpoints when it must survive its process (queue workers). */
export interface RunCheckpoint {
  /** The checkpointer the graph is compiled with (shared by every worker). */
  checkpointer: BaseCheckpointSaver;
  /** The checkpoint thread of this run. */
  threadId: string;
}

/** One graph run: which graph, on which task, with what. */
export interface GraphRun {
  /** pipeline: the whole graph; vanilla: the codegen graph without an instruction. */
  mode: BenchMode;
  /** The solver's task directory. */
  taskDir: string;
  /** The run context (runDir set). */
  context: Context;
  /** Stops the run. */
  signal: AbortSignal;
  /** Continue the checkpointed thread instead of starting on the task. */
  resuming: boolean;
  /** Checkpoints of the run, if it must survive its process. */
  checkpoint?: RunCheckpoint;
  /** An executor to use instead of the context's sandbox (tests). */
  executor?: PythonExecutor;
  /** The experience store (none: no experience). */
  store?: BaseStore;
  /** Called with each progress event of the run (subgraphs' included), as it comes. */
  onProgress?: (event: ProgressEvent) => void;
}

/** Whether a thread already has a checkpoint (a retried job continues from it). */
export async function hasCheckpoint(checkpoint: RunCheckpoint): Promise<boolean> {
  return (await checkpoint.checkpointer.getTuple({ configurable: { thread_id: checkpoint.threadId } })) !== undefined;
}

/** The main graph compiled with the run's checkpointer, for the modes that run it with one (else null). */
function checkpointedMain(mode: BenchMode, checkpoint: RunCheckpoint | undefined) {
  return checkpoint && mode !== "vanilla" ? linguacodusBuilder.compile({ checkpointer: checkpoint.checkpointer }) : null;
}

/** The graph a mode runs otherwise: the codegen graph (vanilla; compiled with the run's checkpointer when it has one) or the main graph. */
function graphOf(mode: BenchMode, checkpoint: RunCheckpoint | undefined) {
  if (mode !== "vanilla") return linguacodus;
  return checkpoint ? codegenBuilder.compile({ checkpointer: checkpoint.checkpointer }) : codegen;
}

/** The run context of a mode: the full graph's selection is the mode's (pipeline: the paper's flow). */
function contextOf(mode: BenchMode, context: Context): Context {
  return mode === "vanilla" ? context : { ...context, selection: mode === "measured" ? "measured" : "paper" };
}

/**
 * Streams a mode's graph on a task, or continues its checkpointed thread (a main-graph thread that
 * stopped on an error or a cancel continues at the node that stopped). Each step's checkpoint is
 * written before the next step starts (durability "sync"), so a killed process loses only the
 * steps it was running; a main-graph run cancelled by `signal` records the cancel in its thread.
 * `seen.last` holds the latest state, also after a throw.
 */
export async function streamGraph(run: GraphRun, seen: { last: Partial<State> }): Promise<void> {
  const { checkpoint } = run;
  const main = checkpointedMain(run.mode, checkpoint);
  const graph = main ?? graphOf(run.mode, checkpoint);
  const services: ServiceOverrides = run.executor ? { executor: run.executor } : {};
  const configurable = checkpoint ? { ...services, thread_id: checkpoint.threadId } : services;
  const config = { context: contextOf(run.mode, run.context), configurable, store: run.store, signal: run.signal, recursionLimit: 200 };
  const options = {
    ...config,
    streamMode: ["values", "custom"] as ["values", "custom"],
    subgraphs: true as const,
    durability: "sync" as const,
  };
  const resumed = main && run.resuming ? await resumeInput(main, config) : null;
  try {
    const stream =
      main && resumed ? await main.stream(resumed, options) : await graph.stream(run.resuming ? null : { taskDir: run.taskDir }, options);
    for await (const [, mode, chunk] of stream) {
      if (mode === "values") seen.last = { ...seen.last, ...(chunk as Partial<State>) };
      else {
        const event = parseProgressEvent(chunk);
        if (event) run.onProgress?.(event);
      }
    }
  } catch (error) {
    const recorded = main && run.signal.aborted ? await recordCancel(main, config, abortReason(run.signal)) : null;
    if (recorded) seen.last = { ...seen.last, ...recorded };
    throw error;
  }
  if (checkpoint) seen.last = { ...seen.last, ...((await graph.getState(config)).values as Partial<State>) };
}
