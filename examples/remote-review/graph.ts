/**
 * A parent graph that runs Linguacodus on a LangGraph server through `RemoteGraph` and forwards
 * its review interrupt: the parent pauses with the reviewer's request, and the answer it is
 * resumed with goes to the remote thread as `Command({ resume })`.
 *
 * Why a node of its own: a `RemoteGraph` added as a node re-runs on the parent's resume with the
 * parent's state as input (not the resume value), which would start the remote thread over. So
 * the node looks at the remote thread first: a pending review is asked again in the parent with
 * `interrupt()`, and the answer is sent on as a resume command. One answer per pass: when the
 * remote asks again (a "regenerate" answer, an edit it refused), the node returns and the parent
 * routes back to it, so every pass has exactly one `interrupt()` and resume values never shift.
 */
import {
  Command,
  END,
  START,
  StateGraph,
  interrupt,
  isGraphInterrupt,
  type BaseCheckpointSaver,
  type LangGraphRunnableConfig,
} from "@langchain/langgraph";
import type { RemoteGraph } from "@langchain/langgraph/remote";
import { z } from "zod";

/** The parent's state. */
export const RemoteParentState = z.object({
  /** The task directory, as the server's file system sees it. */
  taskDir: z.string(),
  /** The remote run's output (LinguacodusOutput), once it ended. */
  result: z.record(z.string(), z.unknown()).nullable().default(null),
  /** True while the remote thread waits for another review answer. */
  awaitingReview: z.boolean().default(false),
});
type ParentState = z.infer<typeof RemoteParentState>;

/** The run context the remote runs get (engine, models, review, ...), and the remote thread of a parent thread. */
export interface RemoteSolveOptions {
  /** The Linguacodus run context sent with every remote run. */
  context: Record<string, unknown>;
  /** The remote thread for a parent thread (default: the parent's thread id). */
  remoteThread?: (parentThread: string) => string;
}

/** The interrupts the remote thread waits on (none when it has none or does not exist yet). */
async function pendingInterrupts(remote: RemoteGraph, config: LangGraphRunnableConfig): Promise<unknown[]> {
  try {
    const snapshot = await remote.getState(config);
    return snapshot.tasks.flatMap((task) => (task.interrupts ?? []).map((i) => i.value));
  } catch (error) {
    if (/404|not found/i.test(String(error))) return [];
    throw error;
  }
}

/** Node solve: one pass of the remote run (started, or resumed with one review answer). */
export function remoteSolveNode(remote: RemoteGraph, options: RemoteSolveOptions) {
  return async (state: ParentState, config: LangGraphRunnableConfig): Promise<Partial<ParentState>> => {
    const parentThread = String(config.configurable?.thread_id ?? "");
    if (!parentThread) throw new Error("the remote solve needs a checkpointed parent run (a thread_id)");
    const remoteConfig = { configurable: { thread_id: options.remoteThread?.(parentThread) ?? parentThread }, context: options.context };
    const ended = (result: unknown): Partial<ParentState> => ({ result: result as Record<string, unknown>, awaitingReview: false });
    let pending = await pendingInterrupts(remote, remoteConfig);
    if (pending.length === 0) {
      try {
        return ended(await remote.invoke({ taskDir: state.taskDir }, remoteConfig));
      } catch (error) {
        if (!isGraphInterrupt(error)) throw error;
      }
      pending = await pendingInterrupts(remote, remoteConfig);
    }
    const answer = interrupt(pending[0]);
    try {
      return ended(await remote.invoke(new Command({ resume: answer }), remoteConfig));
    } catch (error) {
      if (!isGraphInterrupt(error)) throw error;
      return { awaitingReview: true };
    }
  };
}

/** The parent graph: solve (remote) until the remote run ends, one review answer per pass. */
export function remoteParent(remote: RemoteGraph, options: RemoteSolveOptions, checkpointer: BaseCheckpointSaver) {
  return new StateGraph(RemoteParentState)
    .addNode("solve", remoteSolveNode(remote, options))
    .addEdge(START, "solve")
    .addConditionalEdges("solve", (state) => (state.awaitingReview ? "solve" : END), ["solve", END])
    .compile({ checkpointer });
}
