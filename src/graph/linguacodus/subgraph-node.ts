import { isGraphBubbleUp, Overwrite, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { isCheckpointStoreError } from "../../run/checkpoint-store-error.js";
import { readContext } from "./context.js";
import { failureUpdate, NESTED_KEY } from "./failure.js";
import type { State } from "./state.js";

/** A compiled graph over the Linguacodus state (the instructions and codegen subgraphs). */
interface StateGraphLike {
  /** Streams the graph's state after every step. */
  stream(
    input: State | null,
    config: LangGraphRunnableConfig & { context: ReturnType<typeof readContext>; streamMode: "values" },
  ): Promise<AsyncIterable<State>>;
}

/**
 * Wraps a subgraph over the same state as main-graph node `name`. The subgraph's final state
 * replaces the parent's: reducer channels are overwritten, never re-appended (usage would count
 * twice). Its checkpoints, interrupts and stream events nest under the node. When one of its
 * nodes fails, the node returns the subgraph's progress with status failed, the error and where
 * it stopped (the subgraph's checkpoint namespace); a resumed run continues that subgraph run in
 * place, redoing only the failed step. A checkpoint database that failed (a queue worker's lost its
 * connection) is not the run's failure: that error goes on up, and the run continues from its
 * checkpoint once the database is back.
 */
export function subgraphNode(name: string, subgraph: StateGraphLike) {
  return async (state: State, config: LangGraphRunnableConfig) => {
    const resumeNs = state.stopped?.node === name ? state.stopped.ns : null;
    const ns = resumeNs ?? (typeof config.configurable?.checkpoint_ns === "string" ? config.configurable.checkpoint_ns : null);
    const configurable = { ...config.configurable, [NESTED_KEY]: true, ...(resumeNs ? { checkpoint_ns: resumeNs } : {}) };
    let last: State = state;
    try {
      const stream = await subgraph.stream(resumeNs ? null : state, {
        ...config,
        configurable,
        context: readContext(config),
        streamMode: "values",
      });
      for await (const values of stream) last = values;
      return { ...replace(last), stopped: state.stopped?.node === name ? null : last.stopped };
    } catch (error) {
      if (isGraphBubbleUp(error) || isCheckpointStoreError(error)) throw error;
      const failed = failureUpdate(name, error, last, config, ns);
      return {
        ...replace({
          ...last,
          usage: [...last.usage, ...(failed.usage ?? [])],
          fallbacks: [...last.fallbacks, ...(failed.fallbacks ?? [])],
        }),
        status: failed.status,
        error: failed.error,
        stopped: failed.stopped ?? null,
      };
    }
  };
}

/** A subgraph's state as the parent's update: reducer channels overwritten. */
function replace(values: State) {
  return {
    ...values,
    candidates: new Overwrite(values.candidates),
    blocks: new Overwrite(values.blocks),
    usage: new Overwrite(values.usage),
    fallbacks: new Overwrite(values.fallbacks),
    trials: new Overwrite(values.trials),
    attempts: new Overwrite(values.attempts),
  };
}
