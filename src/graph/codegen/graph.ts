import { END, START, StateGraph } from "@langchain/langgraph";
import { LinguacodusContext } from "../linguacodus/context.js";
import { LinguacodusState, type State } from "../linguacodus/state.js";
import { instrument } from "../linguacodus/instrument.js";
import { budgeted } from "../linguacodus/budget.js";
import { afterCheck, afterCodeWritten, afterFix } from "../linguacodus/routes.js";
import { awaitsExecution } from "../linguacodus/attempts.js";
import { loadTaskNode } from "../../agents/load-task.js";
import { profileDataNode } from "../../agents/profile-data.js";
import { codeModelNode, codePreprocessingNode, codeSubmissionNode, codeTrainingNode } from "../../agents/code-block.js";
import { codeVanillaNode } from "../../agents/code-vanilla.js";
import { integrateNode } from "../../agents/integrate.js";
import { executeNode } from "../../agents/execute.js";
import { checkNode } from "../../agents/check.js";
import { fixNode } from "../../agents/fix.js";
import { reportNode } from "../../agents/report.js";
import { recordExperienceNode } from "../../agents/record-experience.js";

/** Where code generation starts: a seeded script (the search's best) runs as it is; else from the instruction, or (none given) the vanilla baseline. */
function firstCodeNode(state: State): "execute" | "code-preprocessing" | "code-vanilla" {
  if (state.code && awaitsExecution(state.attempts)) return "execute";
  return state.instruction ? "code-preprocessing" : "code-vanilla";
}

/**
 * The codegen subgraph: code blocks from the instruction (or a vanilla whole script when there is
 * none) → integrate → execute ⇄ fix → check → report → record-experience. Loads and profiles the
 * task when used alone.
 */
export const codegenBuilder = new StateGraph(LinguacodusState, LinguacodusContext)
  .addNode("load-task", instrument(loadTaskNode))
  .addNode("profile-data", instrument(profileDataNode))
  .addNode("code-preprocessing", instrument(budgeted(codePreprocessingNode, "code-model", "report")), { ends: ["code-model", "report"] })
  .addNode("code-model", instrument(budgeted(codeModelNode, "code-training", "report")), { ends: ["code-training", "report"] })
  .addNode("code-training", instrument(budgeted(codeTrainingNode, "code-submission", "report")), { ends: ["code-submission", "report"] })
  .addNode("code-submission", instrument(budgeted(codeSubmissionNode, "integrate", "report")), { ends: ["integrate", "report"] })
  .addNode("code-vanilla", instrument(budgeted(codeVanillaNode, afterCodeWritten, "report")), { ends: ["execute", "fix", "report"] })
  .addNode("integrate", instrument(integrateNode))
  .addNode("execute", instrument(budgeted(executeNode, "check", "report", "time")), { ends: ["check", "report"] })
  .addNode("check", instrument(checkNode))
  .addNode("fix", instrument(budgeted(fixNode, afterFix, "report")), { ends: ["execute", "fix", "report"] })
  .addNode("report", instrument(reportNode))
  .addNode("record-experience", instrument(recordExperienceNode))
  .addConditionalEdges(START, (s: State) => (s.profile ? firstCodeNode(s) : "load-task"), [
    "load-task",
    "execute",
    "code-preprocessing",
    "code-vanilla",
  ])
  .addEdge("load-task", "profile-data")
  .addConditionalEdges("profile-data", firstCodeNode, ["execute", "code-preprocessing", "code-vanilla"])
  .addConditionalEdges("integrate", afterCodeWritten, ["execute", "fix", "report"])
  .addConditionalEdges("check", afterCheck, ["report", "fix"])
  .addEdge("report", "record-experience")
  .addEdge("record-experience", END);

/** The compiled codegen subgraph (registered in langgraph.json as "codegen"). */
export const graph = codegenBuilder.compile();
graph.name = "codegen";

/**
 * Codegen as a validation run uses it: without checkpoints of its own (a validation run is one
 * task of the main graph's step; a finished one is never redone, an interrupted one reruns whole).
 */
export const validationGraph = codegenBuilder.compile({ checkpointer: false });
validationGraph.name = "validation";
