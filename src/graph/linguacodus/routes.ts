import { Send, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Instruction } from "../../types/instruction.js";
import type { TrialSpec } from "../../types/trial.js";
import { hasStatements } from "../../tools/code/extract-code.js";
import { readContext } from "./context.js";
import type { State } from "./state.js";
import { awaitsExecution, currentAttempt, fixAttempts } from "./attempts.js";

/** Whether fix attempts are left. */
function fixesLeft(state: State, config: LangGraphRunnableConfig): boolean {
  return fixAttempts(state.attempts) < readContext(config).maxFixes;
}

/** After code is written: run it, or send the attempt's code-generation failure to the fixer (or give up). */
export function afterCodeWritten(state: State, config: LangGraphRunnableConfig): "execute" | "fix" | "report" {
  if (state.status !== "running") return "report";
  if (!currentAttempt(state.attempts)?.failure) return "execute";
  return fixesLeft(state, config) ? "fix" : "report";
}

/** After the check of the last attempt: done, or fix while attempts are left. */
export function afterCheck(state: State, config: LangGraphRunnableConfig): "report" | "fix" {
  if (state.status !== "running" || currentAttempt(state.attempts)?.check?.ok) return "report";
  return fixesLeft(state, config) ? "fix" : "report";
}

/** After a fix: run the new script; a fix without new code (or a script of comments only) tries again while attempts are left. */
export function afterFix(state: State, config: LangGraphRunnableConfig): "execute" | "fix" | "report" {
  if (state.status !== "running") return "report";
  if (awaitsExecution(state.attempts) && hasStatements(state.code ?? "")) return "execute";
  return fixesLeft(state, config) ? "fix" : "report";
}

/** Fans out one rank-instructions task per candidate rank 1..k, run in parallel. */
export function sendCandidates(state: State, config: LangGraphRunnableConfig): Send[] {
  const k = readContext(config).candidates;
  return Array.from({ length: k }, (_, i) => new Send("rank-instructions", { ...state, candidateRank: i + 1 }));
}

/** On to `next` while the run is running; once a node has stopped it (an error), to `stopTo`. */
export function unlessStopped<N extends string, T extends string>(next: N, stopTo: T) {
  return (state: State): N | T => (state.status === "running" ? next : stopTo);
}

/** What a validation run of a candidate implements. */
function candidateSpec(candidate: Instruction): TrialSpec {
  return {
    key: `candidate-${candidate.rank}`,
    source: "candidate",
    rank: candidate.rank,
    round: 0,
    title: candidate.title,
    instruction: candidate,
    change: null,
    parent: null,
  };
}

/** Sends the final instruction (the Decider's, or a reviewer's edit) to a validation run; straight to codegen without a holdout. */
function validateDecision(state: State): Send | "codegen" {
  if (!state.holdout || !state.instruction) return "codegen";
  const spec: TrialSpec = {
    key: "decision",
    source: "decision",
    rank: state.decision?.chosen ?? null,
    round: 0,
    title: state.instruction.title,
    instruction: state.instruction,
    change: null,
    parent: null,
  };
  return new Send("validate", { ...state, trial: spec });
}

/**
 * After the instructions: with a holdout and measured selection, every candidate goes to its own
 * validation run (in parallel); otherwise (the paper's flow) the Decider has chosen, and its
 * instruction goes to review (which passes it on unless review is on).
 */
export function afterInstructions(state: State, config: LangGraphRunnableConfig): Send[] | "review" | "codegen" {
  if (state.status !== "running") return "codegen";
  if (state.holdout && readContext(config).selection === "measured") {
    return state.candidates.map((c) => new Send("validate", { ...state, trial: candidateSpec(c) }));
  }
  return "review";
}

/** After review: new candidates, or the (approved or edited) instruction to a validation run (to codegen without a holdout). */
export function afterReview(state: State): Send | "instructions" | "codegen" {
  if (state.status !== "running") return "codegen";
  return state.reviewAnswer?.action === "regenerate" ? "instructions" : validateDecision(state);
}

/** After improve: the round's change to a validation run, or (nothing proposed) back to select, which ends the search. */
export function afterImprove(state: State): Send | "select" | "codegen" {
  if (state.status !== "running") return "codegen";
  const spec = state.trial;
  const fresh = spec && spec.source === "improvement" && spec.round === state.round && !state.trials.some((t) => t.key === spec.key);
  return fresh && !state.searchStop ? new Send("validate", { ...state, trial: spec }) : "select";
}
