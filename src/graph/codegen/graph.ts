import { END, START, StateGraph } from "@langchain/langgraph";
import { LinguacodusContext } from "../linguacodus/context.js";
import { LinguacodusState, type State } from "../linguacodus/state.js";
import { instrument } from "../linguacodus/instrument.js";
import { afterCheck, afterCodeWritten, afterFix } from "../linguacodus/routes.js";
import { loadTaskNode } from "../../agents/load-task.js";
import { profileDataNode } from "../../agents/profile-data.js";
import { codeModelNode, codePreprocessingNode, codeSubmissionNode, codeTrainingNode } from "../../agents/code-block.js";
import { codeVanillaNode } from "../../agents/code-vanilla.js";
import { integrateNode } from "../../agents/integrate.js";
import { executeNode } from "../../agents/execute.js";
import { checkNode } from "../../agents/check.js";
import { fixNode } from "../../agents/fix.js";
import { reportNode } from "../../agents/report.js";

/** Where code generation starts: from the instruction, or (none given) the vanilla baseline. */
function firstCodeNode(state: State): "code-preprocessing" | "code-vanilla" {
  return state.instruction ? "code-preprocessing" : "code-vanilla";
}

/**
 * The codegen subgraph: code blocks from the instruction (or a vanilla whole script when there is
 * none) → integrate → execute ⇄ fix → check → report. Loads and profiles the task when used alone.
 */
export const codegenBuilder = new StateGraph(LinguacodusState, LinguacodusContext)
  .addNode("load-task", instrument("load-task", loadTaskNode))
  .addNode("profile-data", instrument("profile-data", profileDataNode))
  .addNode("code-preprocessing", instrument("code-preprocessing", codePreprocessingNode))
  .addNode("code-model", instrument("code-model", codeModelNode))
  .addNode("code-training", instrument("code-training", codeTrainingNode))
  .addNode("code-submission", instrument("code-submission", codeSubmissionNode))
  .addNode("code-vanilla", instrument("code-vanilla", codeVanillaNode))
  .addNode("integrate", instrument("integrate", integrateNode))
  .addNode("execute", instrument("execute", executeNode))
  .addNode("check", instrument("check", checkNode))
  .addNode("fix", instrument("fix", fixNode))
  .addNode("report", instrument("report", reportNode))
  .addConditionalEdges(START, (s: State) => (s.profile ? firstCodeNode(s) : "load-task"), [
    "load-task",
    "code-preprocessing",
    "code-vanilla",
  ])
  .addEdge("load-task", "profile-data")
  .addConditionalEdges("profile-data", firstCodeNode, ["code-preprocessing", "code-vanilla"])
  .addEdge("code-preprocessing", "code-model")
  .addEdge("code-model", "code-training")
  .addEdge("code-training", "code-submission")
  .addEdge("code-submission", "integrate")
  .addConditionalEdges("integrate", afterCodeWritten, ["execute", "fix", "report"])
  .addConditionalEdges("code-vanilla", afterCodeWritten, ["execute", "fix", "report"])
  .addEdge("execute", "check")
  .addConditionalEdges("check", afterCheck, ["report", "fix"])
  .addConditionalEdges("fix", afterFix, ["execute", "fix", "report"])
  .addEdge("report", END);

/** The compiled codegen subgraph (registered in langgraph.json as "codegen"). */
export const graph = codegenBuilder.compile();
graph.name = "codegen";
