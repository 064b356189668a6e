import { END, START, StateGraph } from "@langchain/langgraph";
import type { InteropZodObject } from "@langchain/core/utils/types";
import { LinguacodusContext } from "../linguacodus/context.js";
import { LinguacodusState, type State } from "../linguacodus/state.js";
import { instrument } from "../linguacodus/instrument.js";
import { withStateDefaults } from "../linguacodus/state-defaults.js";
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

/** What the codegen graph takes alone: the task directory, optionally the instruction to implement (none: the vanilla baseline) and where the run goes. */
const CodegenInput = LinguacodusState.pick({ taskDir: true, runId: true, runDir: true, instruction: true });

/** Where code generation starts: a seeded script (the search's best) runs as it is; else from the instruction, or (none given) the vanilla baseline. */
function firstCodeNode(state: State): "execute" | "code-preprocessing" | "code-vanilla" {
  if (state.code && awaitsExecution(state.attempts)) return "execute";
  return fromInstruction(state);
}

/** Code from the instruction, or (none given) the vanilla baseline. */
function fromInstruction(state: State): "code-preprocessing" | "code-vanilla" {
  return state.instruction ? "code-preprocessing" : "code-vanilla";
}

/**
 * The code steps on a graph over the Linguacodus state whose input is `input` (none: the state, as
 * LangGraph parses it): code blocks from the instruction (or a vanilla whole script when there is
 * none) → integrate → execute ⇄ fix → check → report → record-experience. Where they start is left
 * to the caller.
 */
function codeSteps<I extends InteropZodObject>(input?: I) {
  return new StateGraph(LinguacodusState, { input, context: LinguacodusContext })
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
    .addConditionalEdges("integrate", afterCodeWritten, ["execute", "fix", "report"])
    .addConditionalEdges("check", afterCheck, ["report", "fix"])
    .addEdge("report", "record-experience")
    .addEdge("record-experience", END);
}

/**
 * The codegen subgraph as the main graph runs it, on the main graph's state (the task loaded and
 * profiled): from the step it needs first — the seeded script's run, the instruction's blocks, or
 * the vanilla baseline.
 */
const embeddedBuilder = codeSteps().addConditionalEdges(START, firstCodeNode, ["execute", "code-preprocessing", "code-vanilla"]);

/** The codegen subgraph of the main graph (its final run of the best solution). */
export const subgraph = embeddedBuilder.compile();
subgraph.name = "codegen";

/**
 * Codegen as a validation run uses it: without checkpoints of its own (a validation run is one
 * task of the main graph's step; a finished one is never redone, an interrupted one reruns whole).
 */
export const validationGraph = embeddedBuilder.compile({ checkpointer: false });
validationGraph.name = "validation";

/**
 * The codegen graph alone (input CodegenInput): load-task → profile-data → the code steps, from the
 * instruction's blocks or, without one, the vanilla baseline (the bench's vanilla mode).
 */
export const codegenBuilder = codeSteps(CodegenInput)
  .addNode("load-task", instrument(withStateDefaults(loadTaskNode)))
  .addNode("profile-data", instrument(profileDataNode))
  .addEdge(START, "load-task")
  .addEdge("load-task", "profile-data")
  .addConditionalEdges("profile-data", fromInstruction, ["code-preprocessing", "code-vanilla"]);

/** The compiled codegen graph alone (registered in langgraph.json as "codegen"). */
export const graph = codegenBuilder.compile();
graph.name = "codegen";
