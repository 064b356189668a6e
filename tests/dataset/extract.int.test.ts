import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cachePath, CachedInstructionSchema } from "../../src/dataset/cache.js";
import type { CorpusTask } from "../../src/dataset/corpus.js";
import { modelSource } from "../../src/dataset/extract.js";
import { loadCorpus } from "../../src/dataset/load-corpus.js";
import { ExtractionReportSchema } from "../../src/dataset/report.js";
import { runExtraction } from "../../src/dataset/run-extraction.js";
import { createModelProvider } from "../../src/models/factory.js";
import { startMockOpenAI, type MockHandler, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { collectingProgress, instructionReply, perSolution, SAMPLE_CORPUS, tempDir } from "./helpers.js";

let mock: MockOpenAI | null = null;

afterEach(async () => {
  await mock?.close();
  mock = null;
});

/** Starts the mock and returns it with an extractor source pointed at it (no retries, no ambient env). */
async function start(handler: MockHandler, structuredOutput: "auto" | "prompt" = "auto") {
  mock = await startMockOpenAI({ handler });
  const provider = createModelProvider(
    { extractor: { model: "mock-extractor", baseUrl: mock.url, structuredOutput } },
    { timeoutMs: 10_000, maxRetries: 0 },
    {},
  );
  return { server: mock, source: modelSource(provider.forRole("extractor"), 10_000) };
}

/** One extraction run of the sample corpus with the given source. */
async function extract(
  corpus: CorpusTask[],
  source: ReturnType<typeof modelSource>,
  out: string,
  concurrency: number,
  lines: string[] = [],
) {
  return runExtraction({ corpusPath: SAMPLE_CORPUS, corpus, outDir: out, source, concurrency, progress: collectingProgress(lines) });
}

describe("dataset extraction with the extractor model (mock server, real HTTP)", () => {
  it("extracts every solution with parallel requests, caches each instruction and writes ranked records", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    const { server, source } = await start(perSolution(corpus, {}, 300));
    const out = await tempDir();
    const lines: string[] = [];
    const report = await extract(corpus, source, out, 4, lines);

    expect(report.counts).toEqual({ total: 11, done: 11, failed: 0, skipped: 0 });
    expect(server.requests).toHaveLength(11);
    expect(server.maxConcurrent).toBe(4);
    const [request] = server.requests;
    expect(request.messages?.[0].content).toContain("You are the instruction extractor of Linguacodus");
    expect(request.messages?.[1].content).toMatch(/Solution code:\n\n```python\n"""/);
    expect(request.model).toBe("mock-extractor");

    const cached = CachedInstructionSchema.parse(JSON.parse(await readFile(cachePath(out, "iris-species", "knn-5"), "utf8")));
    expect(cached).toMatchObject({ source: "model", model: "mock-extractor", instruction: { title: "Approach of iris-species/knn-5" } });
    expect(cached.raw).toHaveLength(1);

    const records = (await readFile(join(out, "records.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { solution_id: string; rank: number; completion: string });
    expect(records).toHaveLength(11);
    expect(records.filter((r) => r.rank === 1).map((r) => r.solution_id)).toEqual(["svm-rbf", "ridge", "logreg-scaled"]);
    expect(records[0].completion).toMatch(/^ # Approach of breast-cancer-diagnosis\/svm-rbf\n[\s\S]* <\/s>$/);

    expect(ExtractionReportSchema.parse(JSON.parse(await readFile(join(out, "report.json"), "utf8")))).toEqual(report);
    expect(report.usage.calls).toBe(11);
    expect(lines.at(-1)).toMatch(/11\/11: done 11, failed 0, skipped 0 \| \d+\.\d\d\/s \| /);
  });

  it("never runs more requests at once than --concurrency", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    const { server, source } = await start(perSolution(corpus, {}, 150));
    await extract(corpus, source, await tempDir(), 2);
    expect(server.maxConcurrent).toBe(2);
  });

  it("reports a malformed reply and an HTTP 500 for single solutions while the others finish", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    const { server, source } = await start(
      perSolution(corpus, {
        "iris-species/knn-5": { content: "Sure! The code trains a KNN classifier." },
        "diabetes-progression/ridge": { status: 500 },
      }),
      "prompt",
    );
    const out = await tempDir();
    const lines: string[] = [];
    const report = await extract(corpus, source, out, 3, lines);

    expect(report.counts).toEqual({ total: 11, done: 9, failed: 2, skipped: 0 });
    const failed = Object.fromEntries(report.failed.map((n) => [`${n.task_id}/${n.solution_id}`, n]));
    expect(failed["iris-species/knn-5"].reason).toMatch(/malformed structured output 2 times/);
    expect(failed["iris-species/knn-5"].raw).toEqual([
      "Sure! The code trains a KNN classifier.",
      "Sure! The code trains a KNN classifier.",
    ]);
    expect(failed["diabetes-progression/ridge"].reason).toMatch(/500/);
    expect(report.records).toBe(9);
    expect(existsSync(cachePath(out, "diabetes-progression", "ridge"))).toBe(false);
    expect(lines.some((l) => l.includes("iris-species/knn-5 FAILED"))).toBe(true);
    expect(server.requests).toHaveLength(12);

    const records = (await readFile(join(out, "records.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { task_id: string; solution_id: string; rank: number });
    expect(records.filter((r) => r.task_id === "diabetes-progression").map((r) => [r.solution_id, r.rank])).toEqual([
      ["knn-regressor", 2],
      ["gradient-boosting", 3],
      ["mean-baseline", 4],
    ]);
  });

  it("resumes: cached solutions send no request, failed ones are retried", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    const out = await tempDir();
    const first = await start(perSolution(corpus, { "diabetes-progression/ridge": { status: 500 } }));
    await extract(corpus, first.source, out, 4);
    await first.server.close();

    const second = await start(perSolution(corpus));
    const again = await extract(corpus, second.source, out, 4);
    expect(second.server.requests).toHaveLength(1);
    expect(second.server.requests[0].text).toContain("Ridge(alpha=1.0)");
    expect(again.counts).toEqual({ total: 11, done: 1, failed: 0, skipped: 10 });
    expect(again.records).toBe(11);
    await second.server.close();

    const third = await start(() => ({ content: instructionReply("unexpected") }));
    const done = await extract(corpus, third.source, out, 4);
    expect(third.server.requests).toHaveLength(0);
    expect(done.counts).toMatchObject({ done: 0, skipped: 11 });
  });
});
