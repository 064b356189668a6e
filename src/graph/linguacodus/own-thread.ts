import type { BaseCheckpointSaver, LangGraphRunnableConfig } from "@langchain/langgraph";
import { IterableReadableStream } from "@langchain/core/utils/stream";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
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

/** configurable key under which a parent graph lends its checkpointer to a graph run in one of its nodes. */
const LENT_CHECKPOINTER = "__pregel_checkpointer";
/** configurable key a parent graph sets when it resumes (its pending nodes rerun, their subgraphs continue). */
const RESUMING = "__pregel_resuming";

/** The signal reason of a LangGraph server cancel with action "rollback": the run is to be undone, not recorded. */
const ROLLBACK = "rollback";

/**
 * Makes a compiled main graph keep its own checkpointed thread honest, wherever it runs (the
 * LangGraph server calls its streamEvents with the server's checkpointer set on it and aborts its
 * signal on a cancel; a parent graph runs it in one of its nodes): a run whose signal aborts
 * records the cancel in its thread before its error goes on (status failed, error "cancelled:
 * <node>: <reason>", `stopped` at the node that ran; see recordCancel), and a run that continues a
 * thread which stopped on an error or a cancel continues at the node that stopped (see
 * resumeInput) — at the root a run with a null input, in a checkpointed parent a run the parent
 * resumes. Runs without a checkpointer or a thread id stream as they are.
 */
export function ownThread<G extends ThreadGraph>(graph: G): G {
  const stream = graph.stream.bind(graph);
  return Object.assign(graph, {
    async stream(input: unknown, options: Partial<LangGraphRunnableConfig> = {}) {
      const thread = threadOf(graph, options);
      const start = thread && continues(input, options) ? await resumeInput(graph, thread) : null;
      const chunks = await stream(start ?? input, options);
      return IterableReadableStream.fromAsyncGenerator(recordingCancel(graph, chunks, thread, options.signal));
    },
  });
}

/**
 * The thread a run keeps its checkpoints in (its latest checkpoint: no checkpoint id), with the
 * checkpointer it runs with, else null: at the root the graph's own, as the run starts (the server
 * sets its checkpointer on the one graph object every run shares); inside a checkpointed parent the
 * parent's, under the namespace the parent's node gives the run.
 */
function threadOf(graph: ThreadGraph, options: Partial<LangGraphRunnableConfig>): LangGraphRunnableConfig | null {
  const { thread_id, checkpoint_ns = "", [LENT_CHECKPOINTER]: lent } = options.configurable ?? {};
  if (typeof thread_id !== "string") return null;
  if (lent !== undefined) return checkpoint_ns ? { configurable: { thread_id, checkpoint_ns, [LENT_CHECKPOINTER]: lent } } : null;
  const own = graph.checkpointer;
  return checkpoint_ns === "" && typeof own === "object" && own !== null ? { configurable: { thread_id, [LENT_CHECKPOINTER]: own } } : null;
}

/** Whether a run continues its thread: a null input at the root (not at a chosen checkpoint), or a parent resuming. */
function continues(input: unknown, options: Partial<LangGraphRunnableConfig>): boolean {
  const configurable = options.configurable ?? {};
  if (configurable[LENT_CHECKPOINTER] !== undefined) return configurable[RESUMING] === true;
  return input === null && configurable.checkpoint_id === undefined;
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
    // Written outside the cancelled run's context (a parent's node would lend it the aborted signal); the
    // run's own error is what its caller must see, and a failed record leaves the thread as LangGraph left it.
    if (thread && signal?.aborted && signal.reason !== ROLLBACK) {
      const record = () => recordCancel(graph, thread, abortReason(signal));
      await AsyncLocalStorageProviderSingleton.getInstance()
        .run(undefined, record)
        .catch(() => null);
    }
    throw error;
  }
}
