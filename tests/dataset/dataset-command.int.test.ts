import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { datasetCommand } from "../../src/cli/dataset-command.js";
import { loadCorpus } from "../../src/dataset/load-corpus.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { perSolution, SAMPLE_CORPUS, SAMPLE_RECORDS, tempDir } from "./helpers.js";

let mock: MockOpenAI | null = null;
let stdout: string[];
let stderr: string[];

/** Environment variables that could point the extractor elsewhere. */
const MODEL_ENV = ["MODEL", "BASE_URL", "API_KEY", "FORMAT", "TEMPERATURE"].flatMap((k) => [
  `LINGUACODUS_EXTRACTOR_${k}`,
  `LINGUACODUS_${k}`,
]);

beforeEach(() => {
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  for (const name of [...MODEL_ENV, "OPENAI_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"]) vi.stubEnv(name, "");
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await mock?.close();
  mock = null;
});

describe("linguacodus dataset extract", () => {
  it("extracts with the configured extractor, prints the report, and resumes without requests", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    mock = await startMockOpenAI({ handler: perSolution(corpus, { "iris-species/decision-stump": { status: 500 } }, 200) });
    vi.stubEnv("LINGUACODUS_EXTRACTOR_MODEL", "mock-extractor");
    vi.stubEnv("LINGUACODUS_EXTRACTOR_BASE_URL", mock.url);
    const out = await tempDir();

    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", out, "--concurrency", "3", "--retries", "0"])).toBe(1);
    const printed = stdout.join("");
    expect(printed).toMatch(/dataset extract: 10 extracted, 1 failed, 0 skipped of 11 solutions .*\(model: mock-extractor\)/);
    expect(printed).toMatch(/failed:\n {2}iris-species\/decision-stump: .*500/);
    expect(stderr.join("")).toMatch(/done 10, failed 1, skipped 0/);
    expect(existsSync(join(out, "records.jsonl")) && existsSync(join(out, "report.json"))).toBe(true);
    expect(mock.maxConcurrent).toBe(3);

    const before = mock.requests.length;
    stdout.length = 0;
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", out, "--limit", "0"])).toBe(2);
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", out, "--retries", "0"])).toBe(1);
    expect(mock.requests.length).toBe(before + 1);
    expect(stdout.join("")).toMatch(/10 × cached: instruction already extracted \(mock-extractor\)/);
  });

  it("--reference needs no model and writes the committed sample records", async () => {
    const out = await tempDir();
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", out, "--reference"])).toBe(0);
    expect(await readFile(join(out, "records.jsonl"), "utf8")).toBe(await readFile(SAMPLE_RECORDS, "utf8"));
    expect(stdout.join("")).toMatch(/11 extracted, 0 failed, 0 skipped of 11 solutions .*\(reference: reference\)/);
  });

  it("tells how to configure the extractor when no model is set", async () => {
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", await tempDir()])).toBe(2);
    expect(stderr.join("")).toMatch(/No model is configured for: extractor[\s\S]*LINGUACODUS_<ROLE>_MODEL/);
  });

  it("rejects bad usage with exit code 2", async () => {
    expect(await datasetCommand([])).toBe(2);
    expect(await datasetCommand(["convert", SAMPLE_CORPUS, "--out", "x"])).toBe(2);
    expect(await datasetCommand(["extract", SAMPLE_CORPUS])).toBe(2);
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", "x", "--concurrency", "0"])).toBe(2);
    expect(await datasetCommand(["extract", "/nonexistent", "--out", "x", "--reference"])).toBe(2);
    expect(stderr.join("")).toMatch(
      /missing subcommand[\s\S]*unknown subcommand "convert"[\s\S]*--out DIR is required[\s\S]*--concurrency must be a whole number[\s\S]*corpus not found/,
    );
    expect(await datasetCommand(["--help"])).toBe(0);
    expect(stdout.join("")).toContain("usage: linguacodus dataset extract");
  });
});
