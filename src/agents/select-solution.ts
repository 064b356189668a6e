import { readFile } from "node:fs/promises";
import { Command, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { join } from "node:path";
import { replaceFile } from "../run/artifacts.js";
import { readContext, type Context } from "../graph/linguacodus/context.js";
import { budgetExhausted, wallSecondsLeft } from "../graph/linguacodus/budget.js";
import { bestTrial, kept, ordered, roundsWithoutGain } from "../graph/linguacodus/search.js";
import { seedCode } from "../graph/linguacodus/seed-code.js";
import { finalScript, fixAttempts } from "../graph/linguacodus/attempts.js";
import { emitStandings } from "../graph/linguacodus/progress.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import type { Trial } from "../types/trial.js";

/** Where select goes: the Decider (measured candidates, no decision yet), another round, or the final run. */
type SelectTarget = "decide" | "improve" | "codegen";

/** Margin on the final run's time estimate (the full table is bigger than the fit part, and machines vary). */
const FINAL_RUN_MARGIN = 1.5;

/** Seconds the final run is expected to take: the best run's script time, scaled from the fit rows to every row. */
function finalRunSeconds(best: Trial, state: State): number {
  const plan = state.holdout;
  const folds = plan?.splits.length ?? 1;
  const fitRows = plan?.splits[0]?.fitRows ?? 1;
  return ((best.execMs / folds / 1000) * (plan?.rows ?? fitRows)) / Math.max(1, fitRows);
}

/** Why the search ends now, or null when another improvement round should run. */
function stopReason(state: State, context: Context, best: Trial | null, higherIsBetter: boolean): string | null {
  if (state.searchStop) return state.searchStop;
  if (state.round >= context.improveRounds) {
    return context.improveRounds === 0 ? "no improvement rounds asked" : `${state.round} improvement round(s) done`;
  }
  if (!best) return "no validation run succeeded: nothing to improve";
  const idle = roundsWithoutGain(state.trials, higherIsBetter);
  if (idle >= context.improvePatience) return `no holdout gain in the last ${idle} round(s)`;
  const spent = budgetExhausted(state, context);
  if (spent) return spent;
  const roundSeconds = (best.durationMs / 1000) * FINAL_RUN_MARGIN;
  const needed = roundSeconds + finalRunSeconds(best, state) * FINAL_RUN_MARGIN;
  const left = wallSecondsLeft(state, context);
  if (left < needed)
    return `the wall-time budget left (${left.toFixed(0)} s) is kept for the final run (a round and the final run need about ${needed.toFixed(0)} s)`;
  return null;
}

/** The leaderboard as leaderboard.json keeps it: every validation run, in order, with whether it was kept. */
function leaderboard(trials: Trial[], higherIsBetter: boolean, best: Trial | null) {
  return ordered(trials).map((t) => ({
    key: t.key,
    source: t.source,
    rank: t.rank,
    round: t.round,
    title: t.title,
    change: t.change,
    holdoutScore: t.holdoutScore,
    foldScores: t.foldScores,
    reportedScore: t.reportedScore,
    reportedNote: t.reportedNote,
    failure: t.failure,
    fixAttempts: fixAttempts(t.attempts),
    kept: t.source === "improvement" ? kept(t, trials, higherIsBetter) : null,
    best: t.key === best?.key,
  }));
}

/**
 * Node select: reads the validation runs and the harness's holdout scores, writes the
 * leaderboard (and the standings to the custom stream), and steers the search: to the Decider
 * once the candidates are measured (measured selection), to another improvement round while
 * rounds, patience and budget allow, else to the final run — on the full task, starting from
 * the best solution's script (the decision's instruction from scratch when no run succeeded).
 */
export async function selectNode(state: State, config: LangGraphRunnableConfig): Promise<Command<unknown, StateUpdate, SelectTarget>> {
  const { holdout, runDir } = state;
  if (!holdout || !runDir) throw new Error("select needs a holdout and a run directory");
  const context = readContext(config);
  const best = bestTrial(state.trials, holdout.higherIsBetter);
  await replaceFile(
    join(runDir, "leaderboard.json"),
    JSON.stringify(leaderboard(state.trials, holdout.higherIsBetter, best), null, 2) + "\n",
  );
  emitStandings(config, state.trials, holdout.higherIsBetter);
  const measuredStage = context.selection === "measured" && !state.trials.some((t) => t.source === "decision");
  if (measuredStage && !budgetExhausted(state, context)) return new Command({ goto: "decide" });
  const stop = measuredStage ? budgetExhausted(state, context) : stopReason(state, context, best, holdout.higherIsBetter);
  if (!stop) return new Command({ goto: "improve" });
  const final: StateUpdate = { searchStop: stop };
  const script = best ? finalScript(best.attempts) : null;
  if (best && script) Object.assign(final, { instruction: best.instruction }, await seedCode(runDir, await readFile(script, "utf8")));
  return new Command({ goto: "codegen", update: final });
}
