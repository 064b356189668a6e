/**
 * Awkward data and bad replies through the real graph and the real bubblewrap sandbox: the
 * offline engine solves what it can (right answers), names what it cannot; the decisive cause of
 * a failed run reaches the state, summary.json and report.md.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { graph, invokeWholeState } from "../../src/graph/linguacodus/graph.js";
import { graph as codegen } from "../../src/graph/codegen/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { parseCsv } from "../../src/tools/task/csv.js";
import { fakeModelEngine, fenced, PYTHON, tempDirs, writeFiles } from "../helpers/fakes.js";
import { opCall } from "../engines/offline/script-calls.js";
import {
  binaryLabel,
  constantTargetFiles,
  csvText,
  emptyTargetFiles,
  europeanFiles,
  imageFiles,
  infiniteFeatureFiles,
  manyClassesFiles,
  multiLabelFiles,
  noTestIdFiles,
  plainFiles,
  split,
} from "../helpers/odd-tasks.js";
import { fixAttempts, lastCheck, lastExecution } from "../../src/graph/linguacodus/attempts.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** A task folder and a run directory beside it. */
function place(files: Record<string, string | Buffer>): { taskDir: string; runDir: string } {
  const root = dirs.make("lc-bad-");
  writeFiles(join(root, "task"), files);
  return { taskDir: join(root, "task"), runDir: join(root, "run") };
}

/** Solves with the offline engine in the bubblewrap sandbox. */
function solveOffline(taskDir: string, runDir: string) {
  return invokeWholeState(graph, { taskDir }, { context: makeContext({ engine: "offline", runDir, python: PYTHON, sandbox: "bwrap" }) });
}

/** The submission the run kept, as a table. */
function submission(runDir: string) {
  return parseCsv(readFileSync(join(runDir, "submission.csv"), "utf8"), "submission.csv");
}

describe("the offline engine on awkward valid data", { timeout: 600_000 }, () => {
  it("25 classes: a valid submission whose labels go beyond the 20 most frequent", async () => {
    const { taskDir, runDir } = place(manyClassesFiles());
    const final = await solveOffline(taskDir, runDir);
    expect(final.status).toBe("succeeded");
    expect(final.profile?.classes).toHaveLength(25);
    expect(submission(runDir).rows).toHaveLength(40);
  });

  it("a test file without ids: the submission takes the sample's ids in row order", async () => {
    const { taskDir, runDir } = place(noTestIdFiles());
    const final = await solveOffline(taskDir, runDir);
    expect(final.status).toBe("succeeded");
    const table = submission(runDir);
    expect(table.header).toEqual(["id", "label"]);
    expect(table.rows.map((r) => r[0])).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(new Set(table.rows.map((r) => r[1]))).toEqual(new Set(["no", "yes"]));
  });

  it("semicolons, decimal commas, cp1252, a gzip'd TSV and a zipped sample submission", async () => {
    const { taskDir, runDir } = place(europeanFiles());
    const final = await solveOffline(taskDir, runDir);
    expect(final.status).toBe("succeeded");
    expect(lastCheck(final.attempts)?.validationScore).toBeGreaterThan(0.9);
    expect(submission(runDir).header).toEqual(["id", "label"]);
    expect(readFileSync(join(runDir, "reference", "sample_submission.csv.zip.csv"), "utf8").split("\n")[0]).toBe("id,label");
    const script = readFileSync(join(runDir, "code", "solution.v1.py"), "utf8");
    const load = opCall(script, "load_data");
    expect(load).toContain('"input/train.csv": {"kind": "table", "delimiter": ";", "encoding": "cp1252", "decimal": ","');
    expect(load).toContain(
      '"input/test.tsv.gz": {"kind": "table", "delimiter": "\\t", "encoding": "utf-8", "decimal": ".", "compression": "gzip"}',
    );
  });

  it("data files that are symlinks to files elsewhere are visible inside the sandbox", async () => {
    const s = split(binaryLabel);
    const elsewhere = dirs.make("lc-data-elsewhere-");
    writeFileSync(join(elsewhere, "train-data.csv"), csvText(s.train));
    writeFileSync(join(elsewhere, "test-data.csv"), csvText(s.test));
    const files = plainFiles(s);
    delete files["train.csv"];
    delete files["test.csv"];
    const { taskDir, runDir } = place(files);
    symlinkSync(join(elsewhere, "train-data.csv"), join(taskDir, "train.csv"));
    symlinkSync(join(elsewhere, "test-data.csv"), join(taskDir, "test.csv"));
    const final = await solveOffline(taskDir, runDir);
    expect(lastExecution(final.attempts)?.sandbox).toBe("bwrap");
    expect(final.status).toBe("succeeded");
    expect(fixAttempts(final.attempts)).toBe(0);
  });

  it("a constant target: every test row is predicted as the constant", async () => {
    const { taskDir, runDir } = place(constantTargetFiles());
    const final = await solveOffline(taskDir, runDir);
    expect(final.status).toBe("succeeded");
    expect(lastCheck(final.attempts)?.validationScore).toBe(1);
    const table = submission(runDir);
    expect(table.rows).toHaveLength(40);
    expect(new Set(table.rows.map((r) => r[1]))).toEqual(new Set(["yes"]));
  });

  it("infinite feature values are treated as missing", async () => {
    const { taskDir, runDir } = place(infiniteFeatureFiles());
    const final = await solveOffline(taskDir, runDir);
    expect(final.status).toBe("succeeded");
    expect(fixAttempts(final.attempts)).toBe(0);
  });
});

describe("clear errors naming the cause", { timeout: 600_000 }, () => {
  it("a target without values", async () => {
    const { taskDir, runDir } = place(emptyTargetFiles());
    const final = await solveOffline(taskDir, runDir);
    expect(final.status).toBe("failed");
    expect(final.error).toMatch(/^(profile-data: )?the target column label of train\.csv has no values: all 150 rows are empty$/);
  });

  it("multi-label and image tasks: the offline engine cannot, a model engine could", async () => {
    for (const files of [multiLabelFiles(), imageFiles()]) {
      const { taskDir, runDir } = place(files);
      const final = await solveOffline(taskDir, runDir);
      expect(final.status).toBe("failed");
      expect(final.error).toMatch(
        /^(profile-data: )?this is an? (multi-label|image) task .*: the offline engine .*; a model engine could attempt it: configure one \(LINGUACODUS_BASE_URL and LINGUACODUS_MODEL, or OPENAI_API_KEY\) and run with --engine model$/,
      );
      expect(existsSync(join(runDir, "profile.json"))).toBe(true);
    }
  });
});

describe("the decisive cause reaches the summary, summary.json and report.md", { timeout: 600_000 }, () => {
  /** Runs the vanilla codegen with scripted coder and fixer replies; returns the final error and the run directory. */
  async function failedRun(replies: { coder: string[]; fixer?: string[] }, settings: { maxFixes?: number; execMemoryMb?: number } = {}) {
    const { taskDir, runDir } = place(plainFiles(split(binaryLabel)));
    const { engine } = fakeModelEngine(replies);
    const final = await codegen.invoke(
      { taskDir },
      {
        context: makeContext({
          runDir,
          python: PYTHON,
          sandbox: "bwrap",
          maxFixes: settings.maxFixes ?? 0,
          execMemoryMb: settings.execMemoryMb,
        }),
        configurable: { engine },
      },
    );
    expect(final.status).toBe("failed");
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as { error: string };
    expect(summary.error).toBe(final.error);
    expect(readFileSync(join(runDir, "report.md"), "utf8")).toContain(`- Status: **failed** — ${final.error}`);
    return { error: final.error, runDir };
  }

  it("the SyntaxError of a Python 2 reply", async () => {
    const { error } = await failedRun({ coder: [fenced('print "training"\nx = 1')] });
    expect(error).toBe(
      "the script failed (exit code 1): SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? (after 0 fix attempts)",
    );
  });

  it("a reply in R, and a fixer answering in R again: never executed", async () => {
    const r = "```r\nlibrary(randomForest)\ntrain <- read.csv('input/train.csv')\n```";
    const { error, runDir } = await failedRun({ coder: [r], fixer: [r] }, { maxFixes: 1 });
    expect(error).toBe(
      "code generation returned no code: coder: the reply contained R, not Python (fences: r); the fixer's reply held no code: fixer: the reply contained R, not Python (fences: r) (after 1 fix attempts)",
    );
    expect(existsSync(join(runDir, "exec"))).toBe(false);
  });

  it("a reply of comments only is never executed", async () => {
    const { error, runDir } = await failedRun({ coder: [fenced("# TODO: load the data\n# TODO: train")] });
    expect(error).toBe(
      "code generation returned no code: coder: the reply's code is only comments: there is nothing to run (after 0 fix attempts)",
    );
    expect(existsSync(join(runDir, "exec"))).toBe(false);
  });

  it("the validator's finding: every expected id missing", async () => {
    const code = [
      "import pandas as pd",
      'test = pd.read_csv("input/test.csv")',
      'pd.DataFrame({"id": range(len(test)), "label": "no"}).to_csv("submission.csv", index=False)',
      'print("VALIDATION_SCORE: 0.5")',
    ].join("\n");
    const { error } = await failedRun({ coder: [fenced(code)] });
    expect(error).toBe(
      'the script ran but its submission.csv is invalid: 40 of the 40 expected ids are missing from column "id" (e.g. 1000, 1001, 1002) (and 1 more problem) (after 0 fix attempts)',
    );
  });

  it("the memory limit, and how to raise it", async () => {
    const { error } = await failedRun({ coder: [fenced('block = b"x" * (700 * 1024 * 1024)\nprint(len(block))')] }, { execMemoryMb: 256 });
    expect(error).toBe(
      "the memory limit (256 MiB) stopped the script; raise it with --memory <MiB> (run context execMemoryMb) (after 0 fix attempts)",
    );
  });
});
