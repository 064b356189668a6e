/**
 * report.html of real runs, loaded in headless Chromium: an offline run with measured selection on
 * a generated task with missing values (real profiler, real sandbox, real ops scripts), and a run
 * whose first script crashes and is fixed (a scripted model behind a mock OpenAI server). What the
 * browser's DOM holds is checked against the run's own files: the profile's rows, class balance and
 * missing values, the leaderboard's scores, flaws and choice, the script's metrics.json, the
 * attempts with the error and the fix's diff, and the final script collapsed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { graph, invokeWholeState } from "../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { formatScore } from "../../src/report/format.js";
import type { RunSummary } from "../../src/graph/linguacodus/summary.js";
import { CHROMIUM, evaluateInPage } from "../helpers/chromium.js";
import { PYTHON, tempDirs, writeFiles } from "../helpers/fakes.js";
import { binaryLabel, plainFiles, split } from "../helpers/odd-tasks.js";
import { sharedTask } from "../helpers/tasks.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { BLOCKS, FIXED_SCRIPT, fenced, penguinsHandler } from "../fixtures/penguins-replies.js";

/** What the page shows, read from the DOM by the browser. */
interface PageFacts {
  sections: string[];
  files: string[][];
  balance: string[][];
  missing: string[][];
  candidateHeads: string[];
  candidates: Array<{ rank: number; chosen: boolean; cells: string[] }>;
  models: string[][];
  metricsNote: string | null;
  script: { open: boolean; summary: string; height: number; length: number } | null;
  attempts: Array<{
    attempt: number;
    state: string;
    text: string;
    diff: { open: boolean; summary: string; added: string[]; removed: string[]; height: number } | null;
  }>;
}

const READ_PAGE = `
const text = (el) => (el ? el.textContent.trim() : null);
/** Height a <details> shows below its summary: 0 when closed. */
const below = (d) => d.getBoundingClientRect().height - d.querySelector("summary").getBoundingClientRect().height;
const rows = (sel) => [...document.querySelectorAll(sel + " tr")].slice(1).map((tr) => [...tr.children].map((td) => td.textContent.trim()));
const script = document.querySelector("details#final-script");
return {
  sections: [...document.querySelectorAll("section[id]")].map((s) => s.id),
  files: rows("table#profile-files"),
  balance: rows("table#target-balance"),
  missing: rows("table#missing-values"),
  candidateHeads: [...document.querySelectorAll("#candidates th")].map((th) => th.textContent.trim()),
  candidates: [...document.querySelectorAll("#candidates tr.candidate")].map((tr) => ({
    rank: Number(tr.dataset.rank), chosen: tr.classList.contains("chosen"), cells: [...tr.children].map((td) => td.textContent.trim()),
  })),
  models: rows("table#model-scores"),
  metricsNote: text(document.querySelector("#script-metrics .note")),
  script: script && {
    open: script.open, summary: text(script.querySelector("summary")),
    height: below(script), length: script.querySelector("pre").textContent.length,
  },
  attempts: [...document.querySelectorAll("#attempts-timeline > li")].map((li) => {
    const d = li.querySelector("details.diff");
    return {
      attempt: Number(li.dataset.attempt), state: li.className, text: li.textContent,
      diff: d && {
        open: d.open, summary: text(d.querySelector("summary")),
        added: [...d.querySelectorAll(".add")].map((x) => x.textContent), removed: [...d.querySelectorAll(".del")].map((x) => x.textContent),
        height: below(d),
      },
    };
  }),
};`;

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const json = <T>(runDir: string, path: string) => JSON.parse(readFileSync(join(runDir, path), "utf8")) as T;

/** 1200 training and 200 test rows (one holdout, not folds); x2 blank in every 10th row, color in every 25th training row. */
function taskWithGaps(): string {
  const s = split(binaryLabel, 1200, 200);
  s.train.rows = s.train.rows.map((r, i) => [r[0], r[1], i % 10 === 3 ? "" : r[2], i % 25 === 4 ? "" : r[3], r[4]]);
  s.test.rows = s.test.rows.map((r, i) => [r[0], r[1], i % 10 === 3 ? "" : r[2], r[3]]);
  const dir = join(dirs.make("lc-report-task-"), "task");
  writeFiles(dir, plainFiles(s));
  return dir;
}

describe.skipIf(!CHROMIUM)("run report.html rendered in headless Chromium", () => {
  if (!CHROMIUM) console.warn("skipping the run report's Chromium test: /usr/bin/chromium is absent (apt-get install chromium)");

  it("offline, measured: the profile, the leaderboard, the script's model scores and the collapsed script hold the run's numbers", async () => {
    const runDir = join(dirs.make("lc-report-run-"), "run");
    const context = makeContext({ engine: "offline", runDir, python: PYTHON, selection: "measured", experience: "off" });
    const final = await invokeWholeState(graph, { taskDir: taskWithGaps() }, { context });
    expect(final.status).toBe("succeeded");
    const summary = json<RunSummary>(runDir, "summary.json");
    const page = await evaluateInPage<PageFacts>(join(runDir, "report.html"), READ_PAGE);

    expect(page.sections).toEqual(["profile", "leaderboard", "attempts", "script-metrics"]);
    // profile: rows per file, the class balance counted from the data, the missing shares
    expect(page.files.find((r) => r[0] === "train.csv")?.slice(1)).toEqual(["1200", "5", "2.8%"]); // (10% + 4%) / 5 columns
    expect(page.files.find((r) => r[0] === "test.csv")?.[1]).toBe("200");
    const yes = Array.from({ length: 1200 }, (_, i) => binaryLabel(i)).filter((l) => l === "yes").length;
    expect(page.balance.map((r) => r.slice(0, 2)).sort()).toEqual([
      ["no", String(1200 - yes)],
      ["yes", String(yes)],
    ]);
    expect(page.missing).toEqual([
      ["x2", "10%", "10%"],
      ["color", "4.0%", "0%"],
    ]);

    // leaderboard: every candidate's holdout score as the summary has it, best first, its flaws, one chosen
    expect(page.candidateHeads).toEqual(["rank", "instruction", "holdout score", "script's claim", "flaws found", "chosen"]);
    expect(page.candidates.map((c) => c.rank).sort()).toEqual([1, 2, 3]);
    const critiques = json<Array<{ rank: number; flaws: Array<{ severity: string; issue: string }> }>>(runDir, "critique.json");
    for (const row of page.candidates) {
      const own = summary.candidates.find((c) => c.rank === row.rank)!;
      expect(row.cells[2].startsWith(formatScore(own.holdoutScore)), `candidate ${row.rank}`).toBe(true);
      expect(row.cells[3]).toBe(formatScore(own.reportedScore));
      const flaws = critiques.find((c) => c.rank === row.rank)?.flaws ?? [];
      expect(row.cells[4]).toBe(flaws.length ? flaws.map((f) => `${f.severity}: ${f.issue}`).join("") : "none");
      expect(row.chosen).toBe(own.chosen);
      expect(row.cells[5]).toBe(own.chosen ? "chosen" : "");
    }
    expect(page.candidates.filter((c) => c.chosen)).toHaveLength(1);
    const shown = page.candidates.map((c) => Number(c.cells[2].split(/\s/)[0]));
    expect(shown).toEqual([...shown].sort((a, b) => b - a)); // accuracy: best first

    // the script's metrics.json: each model's score and weight, then the blend's printed score
    const metrics = json<{ models: Array<{ name: string; validationScore: number }>; blend: Record<string, number> }>(
      runDir,
      "exec/attempt-1/metrics.json",
    );
    expect(metrics.models.length).toBeGreaterThanOrEqual(1);
    expect(page.models.slice(0, -1)).toEqual(
      metrics.models.map((m) => [
        m.name,
        formatScore(m.validationScore),
        m.name in metrics.blend ? metrics.blend[m.name].toFixed(3) : "0 (left out)",
      ]),
    );
    expect(page.models.at(-1)).toEqual(["blend (VALIDATION_SCORE)", formatScore(summary.reportedScore), "1.000"]);
    expect(page.metricsNote).toBeNull();
    // summary.json carries the same claims, for the final run and every candidate's validation run
    expect(summary.models).toEqual(metrics);
    for (const candidate of summary.candidates)
      expect(candidate.models?.models.length, `candidate ${candidate.rank}`).toBeGreaterThanOrEqual(1);

    // one attempt that passed; the final script collapsed (laid out with no height) but all there
    expect(page.attempts).toHaveLength(1);
    expect(page.attempts[0]).toMatchObject({ attempt: 1, state: "attempt passed", diff: null });
    expect(page.attempts[0].text).toContain("code/solution.v1.py, written by the validated script, run on the full task — ran: exit 0");
    expect(page.script).toMatchObject({ open: false, height: 0 });
    expect(page.script?.summary).toMatch(/^code\/solution\.v1\.py — \d+ lines/);
    expect(page.script?.length).toBe(final.code!.length);
  }, 600_000);

  const penguins = sharedTask("penguins");
  if (!penguins) console.warn("skipping the fixed-run report test: ../shared/tasks/penguins is absent");
  let mock: MockOpenAI | undefined;
  afterAll(async () => mock?.close());

  it.skipIf(!penguins)(
    "a fixed run: the timeline shows the crash and the fix's diff; a malformed metrics.json is a note",
    async () => {
      const badMetrics = `import json\njson.dump({"models": [{"name": "rf", "validationScore": "high"}]}, open("metrics.json", "w"))`;
      mock = await startMockOpenAI({
        handler: penguinsHandler({
          "coder:submission": { content: fenced(BLOCKS.brokenSubmission) },
          fixer: { content: fenced(`${FIXED_SCRIPT}\n${badMetrics}`) },
        }),
      });
      const runDir = join(dirs.make("lc-report-fixed-"), "run");
      const context = makeContext({
        models: { default: { model: "mock-model", baseUrl: mock.url } },
        modelRetries: 0,
        runDir,
        python: PYTHON,
        experience: "off",
      });
      const final = await invokeWholeState(graph, { taskDir: penguins! }, { context });
      expect(final.status).toBe("succeeded");
      expect(final.attempts.map((a) => [a.version, a.origin, a.execution?.ok])).toEqual([
        [1, "blocks", false],
        [2, "fix", true],
      ]);
      const page = await evaluateInPage<PageFacts>(join(runDir, "report.html"), READ_PAGE);

      expect(page.attempts.map((a) => [a.attempt, a.state])).toEqual([
        [1, "attempt failed"],
        [2, "attempt passed"],
      ]);
      const [crashed, fixed] = page.attempts;
      expect(crashed.text).toContain("code/solution.v1.py");
      expect(crashed.text).toMatch(/failed: exit 1/);
      expect(crashed.text).toContain("NameError");
      expect(crashed.text).toContain("name 'X_tset' is not defined");
      expect(crashed.diff).toMatchObject({ open: true });
      expect(crashed.diff!.height).toBeGreaterThan(20);
      expect(crashed.diff!.removed).toContain("-pred = model.predict(X_tset)");
      expect(crashed.diff!.added).toContain("+pred = model.predict(X_test)");
      expect(crashed.diff!.added).toContain(
        '+json.dump({"models": [{"name": "rf", "validationScore": "high"}]}, open("metrics.json", "w"))',
      );
      expect(crashed.diff!.summary).toBe(`diff v1 → v2: +${crashed.diff!.added.length} −${crashed.diff!.removed.length} lines`);
      expect(fixed.text).toContain("code/solution.v2.py");
      expect(fixed.diff).toBeNull();

      expect(page.models).toEqual([]);
      expect(page.metricsNote).toMatch(
        /^No per-model scores: metrics\.json does not have the contract's shape \(models\.0\.validationScore: /,
      );
      expect(page.script).toMatchObject({ open: false, height: 0 });
      expect(page.script?.summary).toMatch(/^code\/solution\.v2\.py — /);
    },
    300_000,
  );
});
