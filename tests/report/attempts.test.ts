import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { attemptsTimeline } from "../../src/report/attempts.js";
import { attemptsHtml } from "../../src/report/attempts-section.js";
import { writtenAttempt } from "../../src/graph/linguacodus/attempts.js";
import type { Attempt } from "../../src/types/attempt.js";
import { execResult, tempDirs, writeFiles } from "../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const TRACEBACK = `Traceback (most recent call last):\n  File "/work/solution.py", line 2, in <module>\n    print(a['Age'])\nKeyError: 'Age'`;
const crash = { summary: "the script failed (exit code 1): KeyError: 'Age'", error: TRACEBACK, stdoutTail: "" };

/** A run directory holding the given script versions; returns each version's path. */
function scripts(versions: Record<number, string>): (v: number) => string {
  const dir = join(dirs.make("lc-attempts-"), "run");
  writeFiles(dir, Object.fromEntries(Object.entries(versions).map(([v, code]) => [`code/solution.v${v}.py`, code])));
  return (v) => join(dir, "code", `solution.v${v}.py`);
}

/** A version that ran: exit 0 and a passing check, or exit 1 and the failure. */
function ran(a: Attempt, failure: typeof crash | null, seconds: number): Attempt {
  return {
    ...a,
    workDir: `/run/exec/attempt-${a.version}`,
    execution: execResult(failure ? { ok: false, exitCode: 1, durationMs: seconds * 1000 } : { durationMs: seconds * 1000 }),
    check: { ok: !failure, problems: failure ? [failure.summary] : [], validationScore: failure ? null : 0.8 },
    failure,
    endedAt: a.startedAt + 1,
  };
}

describe("attemptsTimeline: each script version, its error and the fix after it", () => {
  it("shows a fix that wrote no script, then the fix that did with its diff, then the version that passed", async () => {
    const path = scripts({ 1: "a = 1\nprint(a['Age'])\n", 2: "a = {'Age': 1}\nprint(a['Age'])\n" });
    const first = ran(writtenAttempt({ version: 1, codePath: path(1), origin: "blocks" }), crash, 0.8);
    first.fixesWithoutCode = [{ change: "none: the fixer's reply held no code", escalated: false, noCode: "the reply held prose only" }];
    const second = ran(
      writtenAttempt({ version: 2, codePath: path(2), origin: "fix", fix: { change: "1 line changed", escalated: false } }),
      null,
      1.5,
    );
    const timeline = await attemptsTimeline([first, second]);
    expect(
      timeline.map((a) => [a.attempt, a.codeVersion, a.origin, a.run?.ok, a.error?.errorClass ?? null, a.fix?.toVersion ?? null]),
    ).toEqual([
      [1, 1, "blocks", false, "KeyError", 2],
      [2, 2, "fix", true, null, null],
    ]);
    expect(timeline[0].error?.decisive).toBe(`File "/work/solution.py", line 2, in <module>\nprint(a['Age'])\nKeyError: 'Age'`);
    expect(timeline[0].fix?.diff).toEqual({
      text: "--- code/solution.v1.py\n+++ code/solution.v2.py\n@@ -1,2 +1,2 @@\n-a = 1\n+a = {'Age': 1}\n print(a['Age'])\n",
      added: 1,
      removed: 1,
    });
    const html = attemptsHtml(timeline);
    expect(html).toContain("A fix wrote no script: none: the fixer&#39;s reply held no code");
    expect(html).toContain("The fix: 1 line changed");
    expect(html).toContain('<span class="del">-a = 1</span>');
    expect(html).toContain("diff v1 → v2: +1 −1 lines");
    expect(html).toContain("code/solution.v1.py, written by the four code blocks — failed: exit 1, 0.8 s");
    expect(html).toContain("code/solution.v2.py, written by a fix — ran: exit 0, 1.5 s");
  });

  it("keeps the last version's failure when the fixes ran out, and says when a regeneration was escalated", async () => {
    const path = scripts({ 1: "x\n", 2: "y\n" });
    const timeline = await attemptsTimeline([
      ran(writtenAttempt({ version: 1, codePath: path(1), origin: "blocks" }), crash, 1),
      ran(writtenAttempt({ version: 2, codePath: path(2), origin: "fix", fix: { change: "regenerated", escalated: true } }), crash, 2),
    ]);
    expect(timeline[1]).toMatchObject({
      attempt: 2,
      run: { ok: false, exitCode: 1, seconds: 2 },
      error: { errorClass: "KeyError" },
      fix: null,
    });
    expect(attemptsHtml(timeline)).toContain("The fix (the same error twice: regenerated from the instruction): regenerated");
  });

  it("a version that never ran (no code) and a missing script file leave no run and no diff, and never throw", async () => {
    const path = scripts({ 1: "# nothing\n" });
    const noCode = { summary: "the coder's reply held no code", error: "prose only", stdoutTail: "" };
    const timeline = await attemptsTimeline([
      writtenAttempt({ version: 1, codePath: path(1), origin: "blocks", failure: noCode }),
      writtenAttempt({ version: 2, codePath: path(2), origin: "fix", fix: { change: "1 line changed", escalated: false } }),
    ]);
    expect(timeline[0]).toMatchObject({ run: null, error: { errorClass: "no-code" }, fix: { toVersion: 2, diff: null } });
    const html = attemptsHtml(timeline);
    expect(html).toContain("— not run");
    expect(html).toContain("wrote v2 (a script file is missing, no diff)");
  });
});
