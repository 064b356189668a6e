import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { asScriptText } from "../tools/task/script-contract.js";
import { NoFixError } from "../engines/engine.js";
import { changeSummary, describeFailure, repeatsLast } from "../engines/failure-history.js";
import { NoCodeReplyError } from "../models/step-error.js";
import { writeArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";

/** Joins the failure being fixed and why the fixer's latest reply held no code. */
const NO_CODE_MARK = "; the fixer's reply held no code: ";

/**
 * Node fix: the fixer gets the script, the error, the output tail and every earlier failed
 * attempt (error class, decisive lines, what each fix changed) and returns a whole new script
 * (code/solution.vN.py). The same error twice in a row escalates: the script is regenerated from
 * the instruction instead of patched again. A reply without code counts as a spent attempt; an
 * engine that knows no repair ends the run as failed.
 */
export async function fixNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  if (!state.code || !state.failure) throw new Error("fix needs a script and a failure");
  const fixAttempts = state.fixAttempts + 1;
  const current = describeFailure(state.failure, fixAttempts, state.codeVersion);
  const escalate = repeatsLast(state.fixHistory, current);
  const record = (change: string) => [...state.fixHistory, { ...current, change, escalated: escalate }];
  try {
    const result = await engine.fix(input, state.instruction ?? null, state.code, {
      ...state.failure,
      history: state.fixHistory,
      escalate,
    });
    await writeRawReplies(input.runDir, `fixer-${fixAttempts}`, result.raw);
    const codeVersion = state.codeVersion + 1;
    const code = asScriptText(result.value);
    await writeArtifact(input.runDir, `code/solution.v${codeVersion}.py`, code);
    return { code, codeVersion, fixAttempts, blockErrors: [], usage: result.usage, fixHistory: record(changeSummary(state.code, code)) };
  } catch (error) {
    if (error instanceof NoFixError) {
      return { fixAttempts, status: "failed", error: `no fix available: ${error.message}`, fixHistory: record("no fix available") };
    }
    if (!(error instanceof NoCodeReplyError)) throw error;
    await writeRawReplies(input.runDir, `fixer-${fixAttempts}`, error.raw);
    const earlier = state.failure.summary.split(NO_CODE_MARK)[0];
    const reason = error.message.split(". Reply starts:")[0];
    return {
      fixAttempts,
      failure: { ...state.failure, summary: `${earlier}${NO_CODE_MARK}${reason}` },
      usage: error.usage,
      fixHistory: record("none: the fixer's reply held no code"),
    };
  }
}
