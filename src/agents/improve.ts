import { readFile } from "node:fs/promises";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { renderInstructionMarkdown } from "../types/instruction.js";
import type { TrialSpec } from "../types/trial.js";
import { writeArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";
import { bestTrial, ordered } from "../graph/linguacodus/search.js";
import { finalScript } from "../graph/linguacodus/attempts.js";
import { emitProgress } from "../graph/linguacodus/progress.js";

/**
 * Node improve: the Researcher proposes one concrete change to the best solution so far, from its
 * instruction, its script, its holdout and reported scores and every earlier validation run; the
 * change becomes the next round's trial. Nothing left to try ends the search.
 */
export async function improveNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  const holdout = state.holdout;
  const best = holdout ? bestTrial(state.trials, holdout.higherIsBetter) : null;
  const script = best ? finalScript(best.attempts) : null;
  if (!holdout || !best || !script || best.holdoutScore === null) return { searchStop: "no validated solution to improve" };
  const round = state.round + 1;
  const result = await engine.improve(input, {
    instruction: best.instruction,
    code: await readFile(script, "utf8"),
    holdoutScore: best.holdoutScore,
    reportedScore: best.reportedScore,
    metric: holdout.metric,
    higherIsBetter: holdout.higherIsBetter,
    history: ordered(state.trials),
  });
  await writeRawReplies(input.runDir, `improve-${round}`, result.raw);
  const usage = { usage: result.usage, fallbacks: result.fallbacks ?? [] };
  if (!result.value) return { ...usage, round, searchStop: `round ${round}: the Researcher had no further change to propose` };
  const trial: TrialSpec = {
    key: `round-${round}`,
    source: "improvement",
    rank: null,
    round,
    title: result.value.instruction.title,
    instruction: result.value.instruction,
    change: result.value.change,
    parent: best.key,
  };
  await writeArtifact(
    input.runDir,
    `improvements/round-${round}.md`,
    `# Round ${round}: ${result.value.change}\n\nFrom ${best.key} (holdout ${best.holdoutScore}).\n\n${renderInstructionMarkdown(result.value.instruction)}`,
  );
  emitProgress(config, { event: "improvement", round, change: result.value.change, parent: best.key });
  return { ...usage, round, trial };
}
