import type { LangGraphRunnableConfig } from "@langchain/langgraph";
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
