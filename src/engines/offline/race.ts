import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Instruction } from "../../types/instruction.js";
import { parseValidationScore } from "../../tools/task/script-contract.js";
import type { EngineInput } from "../engine.js";
import { renderScript } from "./coder/render.js";
import type { ProfileFacts } from "./facts.js";

/** Limits of one race run. */
export interface RaceOptions {
  /** Wall-clock limit per candidate in seconds. */
  wallSeconds: number;
  /** Training rows each race run samples. */
  rows: number;
}

/** Default race limits: a quick 3-fold run on up to 3000 rows, two minutes at most each. */
export const DEFAULT_RACE: RaceOptions = { wallSeconds: 120, rows: 3000 };

/**
 * Runs every candidate's quick script through the executor in runDir/race/candidate-N/ and
 * returns the validation score per rank (null when the run failed or printed no score).
 */
export async function raceCandidates(
  input: EngineInput,
  facts: ProfileFacts,
  candidates: Instruction[],
  options: RaceOptions = DEFAULT_RACE,
): Promise<Record<string, number | null>> {
  const scores: Record<string, number | null> = {};
  for (const candidate of candidates) {
    input.signal?.throwIfAborted();
    const dir = join(input.runDir, "race", `candidate-${candidate.rank}`);
    await mkdir(dir, { recursive: true });
    const scriptPath = join(dir, "solution.py");
    const quickRows = {
      ...candidate,
      preprocessing: candidate.preprocessing.map((s) =>
        s.op === "load_data" ? { ...s, params: { ...s.params, quick_rows: options.rows } } : s,
      ),
    };
    await writeFile(scriptPath, renderScript(facts, quickRows, { quick: true, wallSeconds: options.wallSeconds }));
    const result = await input.executor.run({
      scriptPath,
      workDir: join(dir, "work"),
      taskDir: input.task.dir,
      limits: { wallSeconds: options.wallSeconds },
    });
    const score = result.ok ? parseValidationScore(result.stdout) : null;
    scores[String(candidate.rank)] = score;
    const log = [
      `exit ${result.exitCode} signal ${result.signal} limit ${result.limitHit} ${result.durationMs} ms`,
      "--- stdout",
      result.stdout,
      "--- stderr",
      result.stderr,
    ];
    await writeFile(join(dir, "race.log"), log.join("\n"));
  }
  return scores;
}
