import type { BaseCheckpointSaver, LangGraphRunnableConfig } from "@langchain/langgraph";
import { IterableReadableStream } from "@langchain/core/utils/stream";
import { abortReason, recordCancel } from "./cancel.js";
import { resumeInput } from "./resume.js";
import type { State } from "./state.js";

/** The part of a compiled main graph that keeping its own thread honest needs. */
interface ThreadGraph {
  /** The checkpointer (the LangGraph server sets its own on the graph it serves). */
  checkpointer?: BaseCheckpointSaver | boolean;
  /** The graph's nodes by name. */
  nodes: Record<string, unknown>;
  /** Reads a thread's latest state (with the state of a running subgraph). */
  getState(
    config: LangGraphRunnableConfig,
    options?: { subgraphs?: boolean },
  ): Promise<{ values: unknown; next: readonly string[]; tasks: readonly { name: string; state?: unknown }[] }>;
  /** Writes a state update as if `asNode` had returned it. */
  updateState(config: LangGraphRunnableConfig, values: Partial<State>, asNode?: string): Promise<unknown>;
  /** Streams a run; invoke and streamEvents (what the LangGraph server calls) go through it. */
  stream(input: unknown, options?: Partial<LangGraphRunnableConfig>): Promise<AsyncIterable<unknown>>;
}

/** The signal reason of a LangGraph server cancel with action "rollback": the run is to be undone, not recorded. */
const ROLLBACK = "rollback";

/**
 * Makes a compiled main graph keep its own checkpointed thread honest, wherever it runs (the
 * LangGraph server calls its streamEvents with the server's checkpointer set on it and aborts its
 * signal on a cancel): a run whose signal aborts records the cancel in the thread before its error
 * goes on (status failed, error "cancelled: <node>: <reason>", `stopped` at the node that ran; see
 * recordCancel), and a run started with a null input on a thread that stopped on an error or a
 * cancel continues at the node that stopped (see resumeInput), as a null input continues any
 * thread. Runs without a checkpointer or a thread id, and subgraph runs, stream as they are.
 */
export function ownThread<G extends ThreadGraph>(graph: G): G {
  const stream = graph.stream.bind(graph);
  return Object.assign(graph, {
    async stream(input: unknown, options: Partial<LangGraphRunnableConfig> = {}) {
      const thread = threadOf(graph, options);
      const start = input === null && thread && options.configurable?.checkpoint_id === undefined ? await resumeInput(graph, thread) : null;
      const chunks = await stream(start ?? input, options);
      return IterableReadableStream.fromAsyncGenerator(recordingCancel(graph, chunks, thread, options.signal));
    },
  });
}

/** The thread a root run of a checkpointed graph runs in (thread id alone: the latest checkpoint), else null. */
function threadOf(graph: ThreadGraph, options: Partial<LangGraphRunnableConfig>): LangGraphRunnableConfig | null {
  const configurable = options.configurable ?? {};
  const nested = configurable.__pregel_checkpointer !== undefined || (configurable.checkpoint_ns ?? "") !== "";
  const checkpointed = typeof graph.checkpointer === "object" && graph.checkpointer !== null;
  return !nested && checkpointed && typeof configurable.thread_id === "string"
    ? { configurable: { thread_id: configurable.thread_id } }
    : null;
}

/** Passes a run's chunks on; when the run ends on its signal's abort, records the cancel in its thread first. */
async function* recordingCancel(
  graph: ThreadGraph,
  chunks: AsyncIterable<unknown>,
  thread: LangGraphRunnableConfig | null,
  signal: AbortSignal | undefined,
): AsyncGenerator<unknown> {
  try {
    yield* chunks;
  } catch (error) {
    // The run's own error is what its caller must see; a failed record leaves the thread as LangGraph left it.
    if (thread && signal?.aborted && signal.reason !== ROLLBACK) await recordCancel(graph, thread, abortReason(signal)).catch(() => null);
    throw error;
  }
}
