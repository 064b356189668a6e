import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAttempts } from "../../src/report/attempts.js";
import { attemptsHtml } from "../../src/report/attempts-section.js";
import type { FailedAttempt } from "../../src/types/failure.js";
import { baseState, execResult, tempDirs, writeFiles } from "../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const failed = (
  attempt: number,
  codeVersion: number,
  change: string | null,
  summary = "the script failed: exit code 1",
): FailedAttempt => ({
  attempt,
  codeVersion,
  summary,
  errorClass: "KeyError",
  decisive: "KeyError: 'Age'",
  signature: "KeyError: 'Age'",
  change,
  escalated: false,
});

/** A run directory with the given script versions and executions (attempt → ok). */
function runDir(versions: Record<number, string>, runs: Record<number, boolean>): string {
  const dir = join(dirs.make("lc-attempts-"), "run");
  writeFiles(dir, {
    ...Object.fromEntries(Object.entries(versions).map(([v, code]) => [`code/solution.v${v}.py`, code])),
    ...Object.fromEntries(
      Object.entries(runs).map(([n, ok]) => [
        `exec/attempt-${n}.json`,
        JSON.stringify(execResult(ok ? { durationMs: 1500 } : { ok: false, exitCode: 1, durationMs: 800 })),
      ]),
    ),
  });
  return dir;
}

describe("runAttempts: the timeline from the fix history and the run's files", () => {
  it("a fix whose reply held no code writes no script; the next fix's diff spans the versions it changed", async () => {
    const dir = runDir({ 1: "a = 1\nprint(a['Age'])\n", 2: "a = {'Age': 1}\nprint(a['Age'])\n" }, { 1: false, 3: true });
    const state = baseState({
      taskDir: "/task",
      runDir: dir,
      code: "a = {'Age': 1}\nprint(a['Age'])\n",
      codeVersion: 2,
      executedVersion: 2,
      fixAttempts: 2,
      fixHistory: [failed(1, 1, "none: the fixer's reply held no code"), failed(2, 1, "1 line changed")],
      submissionCheck: { ok: true, problems: [], validationScore: 0.8 },
    });
    const attempts = await runAttempts(state);
    expect(
      attempts.map((a) => [a.attempt, a.codeVersion, a.run?.ok ?? null, a.error?.errorClass ?? null, a.fix?.toVersion ?? null]),
    ).toEqual([
      [1, 1, false, "KeyError", null],
      [2, 1, null, "KeyError", 2],
      [3, 2, true, null, null],
    ]);
    expect(attempts[1].fix?.diff).toEqual({
      text: "--- code/solution.v1.py\n+++ code/solution.v2.py\n@@ -1,2 +1,2 @@\n-a = 1\n+a = {'Age': 1}\n print(a['Age'])\n",
      added: 1,
      removed: 1,
    });
    const html = attemptsHtml(attempts);
    expect(html).toContain("none: the fixer&#39;s reply held no code — no new script");
    expect(html).toContain("not run: no new script to run");
    expect(html).toContain('<span class="del">-a = 1</span>');
    expect(html).toContain("diff v1 → v2: +1 −1 lines");
  });

  it("the last attempt's failure comes from the state when the fixes ran out", async () => {
    const dir = runDir({ 1: "x\n", 2: "y\n" }, { 1: false, 2: false });
    const state = baseState({
      taskDir: "/task",
      runDir: dir,
      code: "y\n",
      codeVersion: 2,
      executedVersion: 2,
      fixAttempts: 1,
      fixHistory: [failed(1, 1, "1 line changed")],
      failure: { summary: "submission has 3 NaN values", error: "row 1\nrow 2\nrow 3\nrow 4", stdoutTail: "" },
      submissionCheck: { ok: false, problems: ["NaN"], validationScore: null },
    });
    const attempts = await runAttempts(state);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toMatchObject({
      attempt: 2,
      codeVersion: 2,
      run: { ok: false, exitCode: 1, seconds: 0.8 },
      error: { summary: "submission has 3 NaN values", errorClass: null, decisive: "row 2\nrow 3\nrow 4" },
      fix: null,
    });
  });

  it("a corrupt execution record or a missing script version leaves the attempt without run or diff, never throws", async () => {
    const dir = runDir({ 1: "x\n" }, {});
    writeFiles(dir, { "exec/attempt-1.json": "{not json" });
    const state = baseState({
      taskDir: "/task",
      runDir: dir,
      code: "y\n",
      codeVersion: 2,
      executedVersion: 1,
      fixAttempts: 1,
      fixHistory: [failed(1, 1, "1 line changed")],
      status: "failed",
    });
    const [first] = await runAttempts(state);
    expect(first).toMatchObject({ attempt: 1, run: null, fix: { toVersion: 2, diff: null } });
    expect(attemptsHtml([first])).toContain("wrote v2 (a script file is missing, no diff)");
  });
});
