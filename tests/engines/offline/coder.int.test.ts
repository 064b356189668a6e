import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import { effectiveForm } from "../../../src/engines/offline/coder/ops/submission.js";
import { renderScript } from "../../../src/engines/offline/coder/render.js";
import { setParams } from "../../../src/engines/offline/edit.js";
import { instantiate, scoreRecipe } from "../../../src/engines/offline/instructor.js";
import type { Recipe } from "../../../src/engines/offline/recipe.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";
import { parseValidationScore, SUBMISSION_FILE } from "../../../src/tools/task/script-contract.js";
import { validateSubmission } from "../../../src/tools/task/validate-submission.js";
import type { Instruction } from "../../../src/types/instruction.js";
import { makeTinyTasks, PYTHON, type TinyTask } from "./tiny-tasks.js";

/** The instruction with 30 trees or boosting rounds per model: the same code paths, run fast. */
function smallModels(instruction: Instruction): Instruction {
  const sizes: Record<string, Record<string, number>> = {
    hist_gradient_boosting: { max_iter: 30 },
    xgboost: { n_estimators: 30 },
    random_forest: { n_estimators: 30 },
    extra_trees: { n_estimators: 30 },
  };
  return Object.entries(sizes).reduce((acc, [op, params]) => setParams(acc, op, params), instruction);
}

/** One recipe rendered for the first tiny task it applies to. */
interface Rendered {
  recipe: Recipe;
  tiny: TinyTask;
  script: string;
}

let root = "";
let rendered: Rendered[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "offline-coder-"));
  const tasks = await makeTinyTasks(join(root, "tasks"));
  rendered = await Promise.all(
    caseBank().recipes.map(async (recipe) => {
      const fits = tasks.filter((t) => scoreRecipe(recipe, t.facts).applicable);
      const tiny = fits.find((t) => recipe.forms.includes(t.profile.submissionForm) || t.profile.taskType === "regression") ?? fits[0];
      if (!tiny) throw new Error(`no tiny task fits recipe ${recipe.id}`);
      const instruction = smallModels(instantiate(scoreRecipe(recipe, tiny.facts), tiny.facts, 1));
      const script = join(root, "scripts", recipe.id, "solution.py");
      await mkdir(join(root, "scripts", recipe.id), { recursive: true });
      await writeFile(script, renderScript(tiny.facts, instruction, { quick: true }));
      return { recipe, tiny, script };
    }),
  );
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Runs the items through fn, two at a time (the machine has two cores). */
async function pool<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

describe("offline coder on every recipe", () => {
  it("renders code that compiles", async () => {
    await expect(promisify(execFile)(PYTHON, ["-m", "py_compile", ...rendered.map((r) => r.script)])).resolves.toBeDefined();
  });

  it("runs end to end and writes a valid submission with a validation score", async () => {
    const executor = createPythonExecutor({ python: PYTHON, sandbox: "none" });
    const failures = await pool(rendered, async ({ recipe, tiny, script }) => {
      const workDir = join(root, "work", recipe.id);
      const run = await executor.run({ scriptPath: script, workDir, taskDir: tiny.task.dir, limits: { wallSeconds: 120 } });
      if (!run.ok) return `${recipe.id} on ${tiny.name}: ${run.stderr.trim().split("\n").slice(-3).join(" | ")}`;
      if (parseValidationScore(run.stdout) === null) return `${recipe.id} on ${tiny.name}: no VALIDATION_SCORE line`;
      if (!/^PLAN ESTIMATE: \d+ s of a \d+ s target/m.test(run.stdout) || !/^PLAN ACTUAL: [\d.]+ s/m.test(run.stdout))
        return `${recipe.id} on ${tiny.name}: no plan estimate or actual time printed`;
      const p = tiny.profile;
      const check = await validateSubmission({
        submissionPath: join(workDir, SUBMISSION_FILE),
        sampleSubmissionPath: join(tiny.task.dir, "sample_submission.csv"),
        idColumn: p.idColumn,
        targetColumns: p.targetColumns,
        submissionForm: effectiveForm(p, recipe.forms[0]),
        classes: p.classes,
      });
      return check.ok ? null : `${recipe.id} on ${tiny.name}: ${check.problems.join("; ")}`;
    });
    expect(failures.filter(Boolean)).toEqual([]);
  }, 400_000);
});
