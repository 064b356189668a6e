import { END, START, StateGraph } from "@langchain/langgraph";
import { LinguacodusContext } from "./context.js";
import { LinguacodusInput, LinguacodusOutput, LinguacodusState, type State } from "./state.js";
import { subgraphNode } from "./subgraph-node.js";
import { ownThread } from "./own-thread.js";
import { instrument } from "./instrument.js";
import { validateNode } from "./validate.js";
import { loadTaskNode } from "../../agents/load-task.js";
import { profileDataNode } from "../../agents/profile-data.js";
import { splitHoldoutNode } from "../../agents/split-holdout.js";
import { reviewNode } from "../../agents/review.js";
import { decideNode } from "../../agents/decide.js";
import { selectNode } from "../../agents/select-solution.js";
import { improveNode } from "../../agents/improve.js";
import { afterImprove, afterInstructions, afterReview, unlessStopped } from "./routes.js";
import { subgraph as instructions } from "../instructions/graph.js";
import { subgraph as codegen, validationGraph } from "../codegen/graph.js";

/**
 * The Linguacodus graph: load-task → profile-data → split-holdout (the trusted holdout) →
 * instructions (rank → research, and decide in the paper's flow) → validate every candidate in
 * parallel (measured selection) → select → decide with the measured scores → review (only with
 * context.review) → validate the final instruction → select ⇄ improve → validate (improvement
 * rounds, kept only on a holdout gain) → codegen: the final run of the best solution on the full
 * task (execute ⇄ fix → check → report). Without a holdout, review goes straight to codegen.
 * Input: the task directory (LinguacodusInput); output: how the run ended, the submission, score,
 * metric and report (LinguacodusOutput); the whole state stays in the checkpoints.
 */
export const linguacodusBuilder = new StateGraph(LinguacodusState, {
  input: LinguacodusInput,
  output: LinguacodusOutput,
  context: LinguacodusContext,
})
  .addNode("load-task", instrument(loadTaskNode))
  .addNode("profile-data", instrument(profileDataNode))
  .addNode("split-holdout", instrument(splitHoldoutNode))
  .addNode("instructions", subgraphNode("instructions", instructions), { subgraphs: [instructions] })
  .addNode("validate", instrument(validateNode(validationGraph)), { subgraphs: [validationGraph] })
  .addNode("select", instrument(selectNode), { ends: ["decide", "improve", "codegen"] })
  .addNode("decide", instrument(decideNode))
  .addNode("review", instrument(reviewNode))
  .addNode("improve", instrument(improveNode))
  .addNode("codegen", subgraphNode("codegen", codegen), { subgraphs: [codegen] })
  .addEdge(START, "load-task")
  .addConditionalEdges("load-task", unlessStopped("profile-data", END), ["profile-data", END])
  .addConditionalEdges("profile-data", unlessStopped("split-holdout", END), ["split-holdout", END])
  .addEdge("split-holdout", "instructions")
  .addConditionalEdges("instructions", afterInstructions, ["validate", "review", "codegen"])
  .addEdge("validate", "select")
  .addConditionalEdges("decide", unlessStopped("review", "codegen"), ["review", "codegen"])
  .addConditionalEdges("review", afterReview, ["instructions", "validate", "codegen"])
  .addConditionalEdges("improve", afterImprove, ["validate", "select", "codegen"])
  .addEdge("codegen", END);

/**
 * The compiled main graph (registered in langgraph.json as "linguacodus"): it keeps its own thread
 * honest (a cancelled run is recorded failed, a null input continues a stopped thread; see ownThread).
 */
export const graph = ownThread(linguacodusBuilder.compile());
graph.name = "linguacodus";

/** Every channel of the state: as `outputKeys`, a run answers its whole state instead of the output. */
const STATE_KEYS = Object.keys(LinguacodusState.shape) as Array<keyof State>;

/**
 * Runs a compiled Linguacodus graph (`graph`, or one compiled from linguacodusBuilder with a
 * checkpointer) and answers its whole final state rather than the output schema's fields.
 */
export async function invokeWholeState(
  compiled: typeof graph,
  input: Parameters<typeof graph.invoke>[0],
  config: Parameters<typeof graph.invoke>[1] = {},
): Promise<State> {
  return (await compiled.invoke(input, { ...config, outputKeys: STATE_KEYS })) as State;
}
