import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { asScriptText } from "../tools/task/script-contract.js";
import { NoFixError } from "../engines/engine.js";
import { changeSummary, describeFailure, repeatsLast } from "../engines/failure-history.js";
import { NoCodeReplyError } from "../models/step-error.js";
import { writeArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";
import { currentAttempt, currentFailure, fixAttempts, fixHistory, writtenAttempt } from "../graph/linguacodus/attempts.js";

/**
 * Node fix: the fixer gets the script, the error, the output tail and every earlier failed
 * attempt (error class, decisive lines, what each fix changed) and returns a whole new script
 * (code/solution.vN.py, the next attempt). The same error twice in a row escalates: the script is
 * regenerated from the instruction instead of patched again. A reply without code counts as a
 * spent attempt, recorded on the attempt it was to fix; an engine that knows no repair ends the run
 * as failed.
 */
export async function fixNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  const attempt = currentAttempt(state.attempts);
  const failure = currentFailure(state.attempts);
  if (!state.code || !attempt || !failure) throw new Error("fix needs a script and a failure");
  const number = fixAttempts(state.attempts) + 1;
  const history = fixHistory(state.attempts);
  const escalated = repeatsLast(history, describeFailure(failure, number, attempt.version));
  const withoutCode = (change: string, noCode: string | null): StateUpdate["attempts"] => [
    { ...attempt, fixesWithoutCode: [...attempt.fixesWithoutCode, { change, escalated, noCode }] },
  ];
  try {
    const result = await engine.fix(input, state.instruction ?? null, state.code, { ...failure, history, escalate: escalated });
    await writeRawReplies(input.runDir, `fixer-${number}`, result.raw);
    const version = attempt.version + 1;
    const code = asScriptText(result.value);
    const codePath = await writeArtifact(input.runDir, `code/solution.v${version}.py`, code);
    const fix = { change: changeSummary(state.code, code), escalated };
    return { code, blockErrors: [], usage: result.usage, attempts: [writtenAttempt({ version, codePath, origin: "fix", fix })] };
  } catch (error) {
    if (error instanceof NoFixError) {
      return { status: "failed", error: `no fix available: ${error.message}`, attempts: withoutCode("no fix available", null) };
    }
    if (!(error instanceof NoCodeReplyError)) throw error;
    await writeRawReplies(input.runDir, `fixer-${number}`, error.raw);
    const reason = error.message.split(". Reply starts:")[0];
    return { usage: error.usage, attempts: withoutCode("none: the fixer's reply held no code", reason) };
  }
}
