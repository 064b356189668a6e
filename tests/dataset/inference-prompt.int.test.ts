import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EngineInput } from "../../src/engines/engine.js";
import { createModelEngine } from "../../src/engines/model/index.js";
import { loadCorpus } from "../../src/dataset/load-corpus.js";
import { TrainingRecordSchema } from "../../src/dataset/records.js";
import { referenceSource } from "../../src/dataset/reference.js";
import { runExtraction } from "../../src/dataset/run-extraction.js";
import { createModelProvider } from "../../src/models/factory.js";
import { DataProfileSchema, type DataProfile } from "../../src/types/profile.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { collectingProgress, SAMPLE_CORPUS, tempDir } from "./helpers.js";

let mock: MockOpenAI | null = null;

afterEach(async () => {
  await mock?.close();
  mock = null;
});

/** The smallest profile of a tabular regression task scored by RMSE (what the profiler would report). */
const PROFILE: DataProfile = DataProfileSchema.parse({
  files: [],
  trainFile: "train.csv",
  testFile: "test.csv",
  sampleSubmissionFile: null,
  idColumn: "id",
  targetColumns: ["target"],
  labelColumn: "target",
  taskType: "regression",
  classes: null,
  positiveClass: null,
  metric: "rmse",
  higherIsBetter: false,
  submissionForm: "value",
  submissionValueStyle: [],
  target: null,
  timeColumn: null,
  trainOnlyColumns: [],
  notes: [],
});

describe("records vs. inference", () => {
  it("a record's prompt is byte-identical to what rank-instructions sends a llama2 instructor", async () => {
    const corpus = (await loadCorpus(SAMPLE_CORPUS)).filter((t) => t.id === "diabetes-progression");
    const out = await tempDir();
    await runExtraction({
      corpusPath: SAMPLE_CORPUS,
      corpus,
      outDir: out,
      source: referenceSource(),
      concurrency: 1,
      progress: collectingProgress([]),
    });
    const records = (await readFile(join(out, "records.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => TrainingRecordSchema.parse(JSON.parse(l)));

    mock = await startMockOpenAI({ handler: () => ({ content: records[0].completion.replace(/ <\/s>$/, "") }) });
    const provider = createModelProvider(
      { instructor: { model: "linguacodus", baseUrl: mock.url, format: "llama2" } },
      { timeoutMs: 10_000, maxRetries: 0 },
      {},
    );
    const engine = createModelEngine({ models: provider, timeoutMs: 10_000 });
    const input: EngineInput = {
      task: { dir: "/tmp/diabetes", title: "Diabetes progression", description: corpus[0].description, files: [] },
      profile: PROFILE,
      runDir: out,
      executor: { kind: "none", run: () => Promise.reject(new Error("not used")) },
    };
    for (const record of records) {
      const reply = await engine.rankInstruction(input, record.rank, records.length);
      expect(reply.value.rank).toBe(record.rank);
    }
    expect(mock.requests.map((r) => r.path)).toEqual(records.map(() => "/v1/completions"));
    expect(mock.requests.map((r) => r.prompt)).toEqual(records.map((r) => r.prompt));
  });
});
