import { describe, expect, it } from "vitest";
import { beats, bestTrial, kept, roundsWithoutGain } from "../../src/graph/linguacodus/search.js";
import type { Trial } from "../../src/types/trial.js";
import { instruction } from "../helpers/fakes.js";

function trial(key: string, holdoutScore: number | null, extra: Partial<Trial> = {}): Trial {
  const source = key.startsWith("round") ? "improvement" : key === "decision" ? "decision" : "candidate";
  const round = source === "improvement" ? Number(key.split("-")[1]) : 0;
  const rank = source === "candidate" ? Number(key.split("-")[1]) : null;
  return {
    key,
    source,
    rank,
    round,
    title: key,
    instruction: instruction(rank ?? 1, key),
    change: null,
    parent: null,
    dir: `/runs/x/trials/${key}`,
    attempts: [],
    ok: holdoutScore !== null,
    holdoutScore,
    foldScores: [holdoutScore],
    reportedScore: null,
    reportedNote: null,
    failure: holdoutScore === null ? "failed" : null,
    execMs: 1000,
    durationMs: 2000,
    ...extra,
  };
}

describe("the search's best solution is derived from the trials", () => {
  it("compares in the metric's direction; a score beats none", () => {
    expect(beats(0.9, 0.8, true)).toBe(true);
    expect(beats(0.9, 0.8, false)).toBe(false);
    expect(beats(0.1, null, false)).toBe(true);
    expect(beats(null, 0.1, true)).toBe(false);
  });
  it("picks the best holdout score; ties go to the earlier run", () => {
    const trials = [trial("round-1", 0.9), trial("candidate-2", 0.9), trial("candidate-1", 0.7), trial("candidate-3", null)];
    expect(bestTrial(trials, true)?.key).toBe("candidate-2");
    expect(bestTrial(trials, false)?.key).toBe("candidate-1");
    expect(bestTrial([trial("candidate-1", null)], true)).toBeNull();
  });
  it("keeps a round only when it beats every run before it, and counts the rounds without gain at the end", () => {
    const trials = [trial("candidate-1", 0.8), trial("round-1", 0.85), trial("round-2", 0.85), trial("round-3", 0.84)];
    expect(kept(trials[1], trials, true)).toBe(true);
    expect(kept(trials[2], trials, true)).toBe(false);
    expect(roundsWithoutGain(trials, true)).toBe(2);
    expect(roundsWithoutGain(trials.slice(0, 2), true)).toBe(0);
  });
});
