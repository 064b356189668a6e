import { describe, expect, it } from "vitest";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import { deriveFacts } from "../../../src/engines/offline/facts.js";
import { rankRecipes } from "../../../src/engines/offline/instructor.js";
import type { Instruction } from "../../../src/types/instruction.js";
import { INSTRUCTION_SECTIONS } from "../../../src/types/instruction.js";
import type { DataProfile } from "../../../src/types/profile.js";
import { unitInput } from "./engine-input.js";
import { binaryTabular, makeProfile } from "./profiles.js";

async function top(profile: DataProfile, rank = 1): Promise<Instruction> {
  return (await createOfflineEngine().rankInstruction(unitInput(profile), rank, 3)).value;
}

const ops = (i: Instruction) => INSTRUCTION_SECTIONS.flatMap((s) => i[s]).map((s) => s.op);
const form = (i: Instruction) => i.submission.find((s) => s.op === "write_submission")?.params?.form;

describe("offline instructor", () => {
  it("writes probabilities for binary AUC", async () => {
    const best = await top(binaryTabular({ metric: "auc", form: "probability" }));
    expect(form(best)).toBe("probability");
  });

  it("writes one probability column per class for multiclass log loss", async () => {
    const profile = makeProfile({
      taskType: "multiclass",
      metric: "logloss",
      form: "class_probabilities",
      classes: ["a", "b", "c"],
      label: "kind",
      targetColumns: ["a", "b", "c"],
      columns: [
        { name: "x", kind: "numeric" },
        { name: "y", kind: "numeric" },
      ],
      higherIsBetter: false,
    });
    expect(form(await top(profile))).toBe("class_probabilities");
  });

  it("writes labels for accuracy and F1", async () => {
    expect(form(await top(binaryTabular()))).toBe("label");
    expect(form(await top(binaryTabular({ metric: "f1" })))).toBe("label");
  });

  it("vectorises text with TF-IDF for a text task", async () => {
    const profile = makeProfile({
      taskType: "binary",
      metric: "f1",
      form: "label",
      columns: [
        { name: "text", kind: "text", unique: 900 },
        { name: "keyword", kind: "categorical", unique: 200 },
      ],
    });
    const best = await top(profile);
    expect(ops(best)).toContain("text_tfidf");
    expect(ops(best)).toContain("logistic_regression");
    expect(ops(best)).toContain("tune_threshold");
  });

  it("models log1p of a count target under RMSLE", async () => {
    const profile = makeProfile({
      taskType: "regression",
      metric: "rmsle",
      form: "value",
      label: "count",
      columns: [
        { name: "temp", kind: "numeric" },
        { name: "season", kind: "numeric" },
      ],
      target: { min: 1, max: 900, skew: 1.3, isCount: true },
    });
    for (const rank of [1, 2, 3]) expect(ops(await top(profile, rank))).toContain("target_transform");
  });

  it("validates in time order when rows are time-ordered", async () => {
    const profile = makeProfile({
      taskType: "regression",
      metric: "rmsle",
      form: "value",
      label: "count",
      idColumn: "datetime",
      columns: [
        { name: "datetime", kind: "datetime", unique: 1000 },
        { name: "temp", kind: "numeric" },
      ],
      timeColumn: "datetime",
      target: { min: 1, max: 900, skew: 1.3, isCount: true },
    });
    const best = await top(profile);
    expect(ops(best)).toContain("time_split_cv");
    expect(ops(best)).toContain("datetime_features");
    expect(ops(best)).not.toContain("kfold_cv");
  });

  it("drops steps that cannot apply to the task", async () => {
    const best = await top(binaryTabular());
    expect(ops(best)).not.toContain("text_tfidf");
    expect(ops(best)).not.toContain("datetime_features");
    expect(ops(best)).toContain("frequency_encoding");
  });

  it("regularises a small table with many-valued strings and heavy missingness: tied models averaged on repeated folds", async () => {
    const small = await top(binaryTabular({ rows: 900 }));
    const cv = small.validation.find((s) => s.op === "kfold_cv");
    expect(small.title).toMatch(/^Blend of the tied models for a small table/);
    expect(cv?.params).toMatchObject({ repeats: 3 });
    expect(ops(small)).toContain("keep_tied_members");
    expect(ops(small)).not.toContain("tune_blend_weights");
    expect(small.validation.find((s) => s.op === "tune_threshold")?.params).toMatchObject({ margin: 1 });
    expect((await top(binaryTabular({ rows: 20_000 }))).title).not.toMatch(/small table/);
    const clean = makeProfile({
      taskType: "multiclass",
      metric: "accuracy",
      form: "label",
      classes: ["a", "b", "c"],
      rows: 600,
      columns: [
        { name: "x", kind: "numeric" },
        { name: "y", kind: "numeric" },
        { name: "site", kind: "categorical", unique: 3 },
      ],
    });
    expect(ops(await top(clean))).toContain("tune_blend_weights");
  });

  it("returns k distinct candidates, deterministically, ranked by fit", async () => {
    const profile = binaryTabular();
    const first = await Promise.all([1, 2, 3].map((r) => top(profile, r)));
    const again = await Promise.all([1, 2, 3].map((r) => top(profile, r)));
    expect(again).toEqual(first);
    expect(new Set(first.map((c) => c.title)).size).toBe(3);
    expect(first.map((c) => c.rank)).toEqual([1, 2, 3]);
    const scores = rankRecipes(caseBank(), deriveFacts(profile)).map((s) => s.score);
    expect(scores[0]).toBeGreaterThanOrEqual(scores[1]);
  });
});

describe("regenerating after a review", () => {
  it("writes candidates other than the rejected ones", async () => {
    const engine = createOfflineEngine();
    const input = unitInput(binaryTabular());
    const first = await Promise.all([1, 2, 3].map(async (rank) => (await engine.rankInstruction(input, rank, 3)).value));
    const again = await Promise.all(
      [1, 2, 3].map(async (rank) => (await engine.rankInstruction({ ...input, rejected: first }, rank, 3)).value),
    );
    const firstTitles = first.map((c) => c.title);
    expect(again.every((c) => !firstTitles.includes(c.title))).toBe(true);
    expect(new Set(again.map((c) => c.title)).size).toBe(3);
  });
});
