import { describe, expect, it } from "vitest";
import { caseBank, checkBank, loadBank } from "../../../src/engines/offline/case-bank.js";
import { OPS } from "../../../src/engines/offline/coder/registry.js";
import { FactSchema } from "../../../src/engines/offline/recipe.js";
import { INSTRUCTION_SECTIONS, TAXONOMY_TAGS } from "../../../src/types/instruction.js";
import { SubmissionFormSchema } from "../../../src/types/profile.js";

describe("case bank", () => {
  it("loads, validates and carries a version", () => {
    const bank = caseBank();
    expect(bank.version).toBeGreaterThanOrEqual(1);
    expect(bank.recipes.length).toBeGreaterThanOrEqual(12);
    expect(checkBank(bank)).toEqual([]);
  });

  it("tags every step with a Code4ML taxonomy tag and a known op", () => {
    for (const recipe of caseBank().recipes) {
      for (const section of INSTRUCTION_SECTIONS) {
        for (const step of recipe.instruction[section]) {
          expect(TAXONOMY_TAGS).toContain(step.tag);
          expect(OPS.has(step.op ?? "")).toBe(true);
        }
      }
    }
  });

  it("covers the task kinds the offline engine promises", () => {
    const bank = caseBank();
    const ops = (id: string) =>
      INSTRUCTION_SECTIONS.flatMap((s) => bank.recipes.find((r) => r.id === id)?.instruction[s] ?? []).map((s) => s.op);
    const about = (name: string) => {
      const fact = FactSchema.parse(name);
      return bank.recipes.filter((r) => r.requires.includes(fact) || (r.fit[fact] ?? 0) > 0);
    };
    for (const fact of ["text", "timeOrdered", "countTarget", "logMetric", "highCardinality", "heavyMissing", "imbalanced"]) {
      expect(about(fact).length, fact).toBeGreaterThan(0);
    }
    for (const form of SubmissionFormSchema.options) {
      expect(
        bank.recipes.some((r) => r.forms.includes(form)),
        form,
      ).toBe(true);
    }
    expect(ops("time-series-calendar-gbm-log")).toContain("time_split_cv");
    expect(ops("text-tfidf-logreg-labels")).toContain("text_tfidf");
    expect(ops("regression-gbm-ridge-blend-log")).toContain("target_transform");
  });

  it("names every problem of a broken bank", () => {
    const broken = structuredClone(caseBank());
    broken.recipes[0].instruction.model.push({ text: "A mystery model.", tag: "Model_Train", op: "quantum_forest" });
    broken.recipes[1].id = broken.recipes[0].id;
    broken.recipes[2].instruction.model[0].params = { learning_rate: -1 };
    expect(() => loadBank(broken)).toThrow(/unknown op "quantum_forest"[\s\S]*duplicate recipe id[\s\S]*bad params/);
  });

  it("rejects a bank without a version", () => {
    const { version: _version, ...noVersion } = caseBank();
    expect(() => loadBank(noVersion)).toThrow();
  });
});
