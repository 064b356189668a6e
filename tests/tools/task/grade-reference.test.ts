import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gradeSubmission } from "../../../src/tools/task/grade.js";
import { parseCsv, writeCsv } from "../../../src/tools/task/csv.js";
import { SHARED_TASKS } from "../../helpers/tasks.js";
import { seeded } from "../../metrics/random.js";
import { hasSklearn, PYTHON } from "../../bench/helpers/python.js";

const SCORER = fileURLToPath(new URL("./reference_scorer.py", import.meta.url));
/** The README's floor (sample_submission.csv) per task. */
const README_FLOOR: Record<string, number> = {
  titanic: 0.622,
  "house-prices": 0.4169,
  "spaceship-titanic": 0.5034,
  "bike-sharing-demand": 1.4156,
  "disaster-tweets": 0,
  penguins: 0.4348,
};
const present = Object.keys(README_FLOOR).filter((id) => existsSync(join(SHARED_TASKS, id, "private", "answers.csv")));
if (!hasSklearn || present.length === 0)
  console.warn("skipping the reference-scorer comparison: shared/tasks or /usr/bin/python3 with scikit-learn is absent");

/** The answers with rows shuffled, some labels changed (spelt differently where the README allows) or values scaled. */
function perturbedAnswers(taskDir: string, random: () => number): string {
  const task = JSON.parse(readFileSync(join(taskDir, "task.json"), "utf8"));
  const { header, rows } = parseCsv(readFileSync(join(taskDir, "private", "answers.csv"), "utf8"), "answers.csv");
  const target = header.indexOf(task.target_columns[0]);
  const classes: unknown[] | null = task.classes ?? null;
  const changed = rows.map((row) => {
    const out = [...row];
    if (classes) {
      if (random() < 0.3) out[target] = String(classes[Math.floor(random() * classes.length)]);
      if (typeof classes[0] === "boolean") out[target] = random() < 0.5 ? out[target].toLowerCase() : out[target].toUpperCase();
      if (typeof classes[0] === "number" && random() < 0.5) out[target] = `${out[target]}.0`;
    } else {
      out[target] = String(Number(out[target]) * (0.6 + random() * 0.8));
    }
    return out;
  });
  for (let i = changed.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [changed[i], changed[j]] = [changed[j], changed[i]];
  }
  return writeCsv(header, changed);
}

describe.runIf(hasSklearn && present.length > 0)("the grader agrees with the README's reference scorer on the shared tasks", () => {
  const work = mkdtempSync(join(tmpdir(), "lc-grade-ref-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("scores sample submissions (the README's floor) and perturbed answers as the reference does", async () => {
    const random = seeded(7);
    const pairs: [string, string][] = [];
    for (const id of present) {
      const dir = join(SHARED_TASKS, id);
      pairs.push([dir, join(dir, "public", "sample_submission.csv")]);
      const perturbed = join(work, `${id}.csv`);
      writeFileSync(perturbed, perturbedAnswers(dir, random));
      pairs.push([dir, perturbed]);
    }
    const reference = JSON.parse(execFileSync(PYTHON, [SCORER], { input: JSON.stringify(pairs), encoding: "utf8" })) as number[];
    for (const [i, [dir, submission]] of pairs.entries()) {
      const grade = await gradeSubmission(dir, submission);
      expect(grade.valid, `${submission}: ${grade.error}`).toBe(true);
      expect(grade.score, submission).toBeCloseTo(reference[i], 9);
      if (submission.endsWith("sample_submission.csv")) expect(grade.score, submission).toBeCloseTo(README_FLOOR[grade.task], 4);
    }
  });
});
