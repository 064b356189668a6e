import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHoldout, scoreHoldout, type HoldoutPlan } from "../../../src/tools/task/holdout.js";
import { readCsv } from "../../../src/tools/task/csv.js";
import { makeTinyTasks, PYTHON, type TinyTask } from "../../engines/offline/tiny-tasks.js";
import { tempDirs } from "../../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());
let tasks: TinyTask[] = [];
beforeAll(async () => {
  tasks = await makeTinyTasks(join(dirs.make("lc-holdout-"), "tasks"));
});
const tiny = (name: string) => tasks.find((t) => t.name === name) as TinyTask;

/** Writes a submission per split from a function of the split's answers. */
async function submissions(plan: HoldoutPlan, fill: (answers: Awaited<ReturnType<typeof readCsv>>) => string): Promise<string[]> {
  return Promise.all(
    plan.splits.map(async (split, i) => {
      const path = join(dirs.make("lc-holdout-sub-"), `submission-${i}.csv`);
      writeFileSync(path, fill(await readCsv(join(split.dir, "private", "answers.csv"))));
      return path;
    }),
  );
}

describe("the trusted holdout", () => {
  it("splits a small classification table into stratified folds whose labels never reach public/", async () => {
    const { task, profile: found } = tiny("binary-mixed");
    const profile = { ...found, timeColumn: null };
    const plan = await makeHoldout(task, profile, dirs.make("lc-holdout-out-"), { python: PYTHON });
    expect(plan.kind).toBe("stratified-kfold");
    expect(plan.splits.reduce((n, s) => n + s.holdoutRows, 0)).toBe(plan.rows);
    for (const split of plan.splits) {
      const publicDir = join(split.dir, "public");
      expect(readdirSync(publicDir).sort()).toEqual(["description.md", "sample_submission.csv", "test.csv", "train.csv"]);
      const test = await readCsv(join(publicDir, "test.csv"));
      expect(test.header).not.toContain(profile.labelColumn);
      expect(test.header).toEqual((await readCsv(join(task.dir, "test.csv"))).header);
      const answers = await readCsv(join(split.dir, "private", "answers.csv"));
      const heldIds = new Set(answers.rows.map((r) => r[0]));
      const fit = await readCsv(join(publicDir, "train.csv"));
      const idAt = fit.header.indexOf(profile.idColumn ?? "");
      expect(fit.rows.some((r) => heldIds.has(r[idAt]))).toBe(false);
      expect(existsSync(join(publicDir, "answers.csv"))).toBe(false);
    }
  });

  it("grades submissions with the project's metric library: the true labels score 1, a constant less", async () => {
    const { task, profile: found } = tiny("binary-mixed");
    const profile = { ...found, timeColumn: null };
    const plan = await makeHoldout(task, profile, dirs.make("lc-holdout-out-"), { python: PYTHON });
    const truth = await scoreHoldout(
      plan,
      await submissions(plan, (a) => [a.header.join(","), ...a.rows.map((r) => r.join(","))].join("\n")),
    );
    expect(truth.score).toBe(1);
    const constant = await scoreHoldout(
      plan,
      await submissions(plan, (a) => [a.header.join(","), ...a.rows.map((r) => `${r[0]},False`)].join("\n")),
    );
    expect(constant.score).toBeGreaterThan(0);
    expect(constant.score).toBeLessThan(1);
    const broken = await scoreHoldout(plan, await submissions(plan, (a) => a.header.join(",")));
    expect(broken.score).toBeNull();
    expect(broken.grades[0].error).toMatch(/missing/);
  });

  it("holds out the latest rows of a time-ordered table", async () => {
    const { task, profile } = tiny("counts-rmsle");
    const plan = await makeHoldout(task, profile, dirs.make("lc-holdout-out-"), { python: PYTHON });
    expect(profile.timeColumn).not.toBeNull();
    expect(plan.kind).toBe("time");
    const spec = JSON.parse(readFileSync(join(plan.splits[0].dir, "task.json"), "utf8"));
    expect(spec.metric).toBe("rmsle");
  });
});
