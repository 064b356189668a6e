import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { asScriptText } from "../tools/task/script-contract.js";
import { NoFixError } from "../engines/engine.js";
import { StepError } from "../models/step-error.js";
import { writeArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";

/** Joins the failure being fixed and why the fixer's latest reply held no code. */
const NO_CODE_MARK = "; the fixer's reply held no code: ";

/**
 * Node fix: the fixer gets the script, the error and the output tail and returns a whole new
 * script (code/solution.vN.py). A reply without code counts as a spent attempt; an engine
 * that knows no repair ends the run as failed.
 */
export async function fixNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  if (!state.code || !state.failure) throw new Error("fix needs a script and a failure");
  const fixAttempts = state.fixAttempts + 1;
  try {
    const result = await engine.fix(input, state.instruction ?? null, state.code, state.failure);
    await writeRawReplies(input.runDir, `fixer-${fixAttempts}`, result.raw);
    const codeVersion = state.codeVersion + 1;
    await writeArtifact(input.runDir, `code/solution.v${codeVersion}.py`, asScriptText(result.value));
    return { code: asScriptText(result.value), codeVersion, fixAttempts, blockErrors: [], usage: result.usage };
  } catch (error) {
    if (error instanceof NoFixError) {
      return { fixAttempts, status: "failed", error: `no fix available: ${error.message}` };
    }
    if (!(error instanceof StepError)) throw error;
    await writeRawReplies(input.runDir, `fixer-${fixAttempts}`, error.raw);
    const earlier = state.failure.summary.split(NO_CODE_MARK)[0];
    const reason = error.message.split(". Reply starts:")[0];
    return {
      fixAttempts,
      failure: { ...state.failure, summary: `${earlier}${NO_CODE_MARK}${reason}` },
      usage: error.usage,
    };
  }
}
