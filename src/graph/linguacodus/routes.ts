import { Send, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { hasStatements } from "../../tools/code/extract-code.js";
import { readContext } from "./context.js";
import type { State } from "./state.js";

/** After code is written: run it, or send a code-generation failure to the fixer (or give up). */
export function afterCodeWritten(state: State, config: LangGraphRunnableConfig): "execute" | "fix" | "report" {
  if (state.status !== "running") return "report";
  if (!state.failure) return "execute";
  return state.fixAttempts < readContext(config).maxFixes ? "fix" : "report";
}

/** After the check: done, or fix while attempts are left. */
export function afterCheck(state: State, config: LangGraphRunnableConfig): "report" | "fix" {
  if (state.status !== "running" || state.submissionCheck?.ok) return "report";
  return state.fixAttempts < readContext(config).maxFixes ? "fix" : "report";
}

/** After a fix: run the new script; a fix without new code (or a script of comments only) tries again while attempts are left. */
export function afterFix(state: State, config: LangGraphRunnableConfig): "execute" | "fix" | "report" {
  if (state.status !== "running") return "report";
  if (state.codeVersion > state.executedVersion && hasStatements(state.code ?? "")) return "execute";
  return state.fixAttempts < readContext(config).maxFixes ? "fix" : "report";
}

/** Fans out one rank-instructions task per candidate rank 1..k, run in parallel. */
export function sendCandidates(state: State, config: LangGraphRunnableConfig): Send[] {
  const k = readContext(config).candidates;
  return Array.from({ length: k }, (_, i) => new Send("rank-instructions", { ...state, candidateRank: i + 1 }));
}

/** After review: regenerate candidates, or write the code. */
export function afterReview(state: State): "regenerate" | "codegen" {
  return state.reviewAnswer?.action === "regenerate" && state.status === "running" ? "regenerate" : "codegen";
}

/** On to `next` while the run is running; once a node has stopped it (an error), to `stopTo`. */
export function unlessStopped<N extends string, T extends string>(next: N, stopTo: T) {
  return (state: State): N | T => (state.status === "running" ? next : stopTo);
}
