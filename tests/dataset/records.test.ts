import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExtractedInstruction } from "../../src/dataset/cache.js";
import type { CorpusTask } from "../../src/dataset/corpus.js";
import { loadCorpus } from "../../src/dataset/load-corpus.js";
import { buildRecord, TrainingRecordSchema } from "../../src/dataset/records.js";
import { referenceSource } from "../../src/dataset/reference.js";
import { runExtraction } from "../../src/dataset/run-extraction.js";
import { promptFields } from "../../src/dataset/task-fields.js";
import { buildInstructorLlama2Prompt } from "../../src/models/llama2-prompt.js";
import { collectingProgress, SAMPLE_CORPUS, SAMPLE_RECORDS, tempDir } from "./helpers.js";

const INSTRUCTION: ExtractedInstruction = {
  title: "Scaled ridge regression",
  summary: "Standardise and fit ridge.",
  preprocessing: [{ text: "Standardise every feature.", tag: "Data_Transform", library: "scikit-learn" }],
  model: [{ text: "Use ridge regression with alpha=1.0." }],
  training: [{ text: "Fit on all rows." }],
  validation: [],
  submission: [],
};

const TASK: CorpusTask = {
  id: "diabetes",
  description: "  # Diabetes\n\nPredict progression. Scored by RMSE.\n",
  metric: "RMSE",
  data_type: "tabular",
  solutions: [],
};

/** Reads a JSONL file into objects. */
async function readJsonl(path: string): Promise<unknown[]> {
  return (await readFile(path, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as unknown);
}

/** Runs a reference extraction of `corpus` into `out`, collecting progress lines. */
function extractReference(corpus: CorpusTask[], out: string, extra: { limit?: number } = {}) {
  return runExtraction({
    corpusPath: "corpus",
    corpus,
    outDir: out,
    source: referenceSource(),
    concurrency: 2,
    progress: collectingProgress([]),
    ...extra,
  });
}

describe("training records", () => {
  it("are Llama-2-chat prompt/completion pairs: [INST] <<SYS>> ... [/INST], completion ending in </s>", async () => {
    const record = await buildRecord(TASK, promptFields(TASK), "ridge", 54.49, 1, INSTRUCTION);
    expect(TrainingRecordSchema.parse(record)).toEqual(record);
    expect(record.prompt.startsWith("[INST] <<SYS>>\n")).toBe(true);
    expect(record.prompt.endsWith(" [/INST]")).toBe(true);
    expect(record.prompt).toContain("\n<</SYS>>\n\n");
    expect(record.prompt).toContain("Evaluation metric: rmse\nData type: tabular\n");
    expect(record.completion.startsWith(" # Scaled ridge regression\n")).toBe(true);
    expect(
      record.completion.endsWith(
        "[Data_Transform, scikit-learn]\n\n## Model architecture\n\n1. Use ridge regression with alpha=1.0.\n\n## Model training\n\n1. Fit on all rows. </s>",
      ),
    ).toBe(true);
    expect(record).toMatchObject({ task_id: "diabetes", solution_id: "ridge", rank: 1, score: 54.49 });
  });

  it("have prompts byte-identical to the inference prompt for the same description, metric, data type and rank", async () => {
    for (const rank of [1, 2, 3, 7, 22]) {
      const record = await buildRecord(TASK, promptFields(TASK), "ridge", 54.49, rank, INSTRUCTION);
      const atInference = await buildInstructorLlama2Prompt({ description: TASK.description, metric: "rmse", dataType: "tabular", rank });
      expect(record.prompt).toBe(atInference);
    }
  });

  it("spell every rank as an ordinal word, never as a number", async () => {
    const words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh"];
    for (const [i, word] of words.entries()) {
      const { prompt } = await buildRecord(TASK, promptFields(TASK), "s", 1, i + 1, INSTRUCTION);
      expect(prompt).toContain(`Write the instruction of the solution ranked ${word}`);
    }
    const { prompt } = await buildRecord(TASK, promptFields(TASK), "s", 1, 22, INSTRUCTION);
    expect(prompt).toContain("the solution ranked twenty-second");
    expect(prompt).not.toMatch(/\d+(\.\d+)?(st|nd|rd|th)\b/);
  });
});

describe("reference extraction (no model)", () => {
  it("reproduces the committed finetune/sample-records.jsonl byte for byte", async () => {
    const out = await tempDir();
    const report = await extractReference(await loadCorpus(SAMPLE_CORPUS), out);
    expect(report.counts).toEqual({ total: 11, done: 11, failed: 0, skipped: 0 });
    const written = await readFile(join(out, "records.jsonl"), "utf8");
    expect(written, "regenerate: linguacodus dataset extract data/sample-corpus --out DIR --reference").toBe(
      await readFile(SAMPLE_RECORDS, "utf8"),
    );
  });

  it("writes records best first with ranks in the metric's direction (diabetes: lower RMSE is better)", async () => {
    const out = await tempDir();
    await extractReference(await loadCorpus(SAMPLE_CORPUS), out);
    const records = (await readJsonl(join(out, "records.jsonl"))).map((r) => TrainingRecordSchema.parse(r));
    const diabetes = records.filter((r) => r.task_id === "diabetes-progression");
    expect(diabetes.map((r) => [r.solution_id, r.rank, r.score])).toEqual([
      ["ridge", 1, 54.4913],
      ["knn-regressor", 2, 56.428],
      ["gradient-boosting", 3, 56.5112],
      ["mean-baseline", 4, 76.9296],
    ]);
    expect(diabetes[3].prompt).toContain("the solution ranked fourth");
    expect(diabetes[0].completion.startsWith(" # Scaled ridge regression\n")).toBe(true);
  });

  it("resumes: a second run skips every cached instruction and rewrites the same records", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    const out = await tempDir();
    await extractReference(corpus, out);
    const first = await readFile(join(out, "records.jsonl"), "utf8");
    const again = await extractReference(corpus, out);
    expect(again.counts).toEqual({ total: 11, done: 0, failed: 0, skipped: 11 });
    expect(again.skipped.every((n) => n.reason.startsWith("cached"))).toBe(true);
    expect(await readFile(join(out, "records.jsonl"), "utf8")).toBe(first);
  });

  it("with --limit extracts only that many, yet ranks over all solutions of a task", async () => {
    const corpus = (await loadCorpus(SAMPLE_CORPUS)).filter((t) => t.id === "diabetes-progression");
    corpus[0].solutions.reverse();
    const out = await tempDir();
    const report = await extractReference(corpus, out, { limit: 2 });
    expect(report.counts).toMatchObject({ done: 2, skipped: 2 });
    expect(report.skipped.map((n) => n.reason)).toEqual(["over --limit 2", "over --limit 2"]);
    const records = (await readJsonl(join(out, "records.jsonl"))).map((r) => TrainingRecordSchema.parse(r));
    expect(records.map((r) => [r.solution_id, r.rank])).toEqual([
      ["ridge", 1],
      ["mean-baseline", 4],
    ]);
  });

  it("skips, with reasons, solutions without a score or without a reference instruction", async () => {
    const dir = await tempDir();
    const path = join(dir, "corpus.jsonl");
    const solutions = [
      { id: "a", code: "print(1)", score: 0.9, instruction: "# A\n\nSummary.\n\n## Model architecture\n\n1. Use a tree." },
      { id: "b", code: "print(2)", score: null, instruction: "# B\n\n## Model training\n\n1. Fit." },
      { id: "c", code: "print(3)", score: 0.5 },
    ];
    await writeFile(path, `${JSON.stringify({ id: "t", description: "d", metric: "accuracy", data_type: "tabular", solutions })}\n`);
    const report = await extractReference(await loadCorpus(path), join(dir, "out"));
    expect(report.counts).toEqual({ total: 3, done: 1, failed: 0, skipped: 2 });
    expect(report.skipped).toEqual([
      { task_id: "t", solution_id: "b", reason: "no score: it cannot be ranked" },
      { task_id: "t", solution_id: "c", reason: "no reference instruction" },
    ]);
    expect(report.records).toBe(1);
  });
});
