import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { datasetCommand } from "../../src/cli/dataset-command.js";
import { SqliteStore } from "../../src/memory/sqlite-store.js";
import { readExperiences } from "../../src/memory/experience-store.js";
import { SAMPLE_CORPUS, tempDir } from "../dataset/helpers.js";

let out: string[];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

describe("dataset extract leaves an experience per record", () => {
  it("records every training record (digest, instruction, score, rank), replacing them when run again", async () => {
    const dir = await tempDir();
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", dir, "--reference"])).toBe(0);
    const path = join(dir, "experience.sqlite");
    expect(out.join("")).toContain(`experiences: 11 recorded in ${path}`);
    const records = readFileSync(join(dir, "records.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { task_id: string; solution_id: string; rank: number; score: number });
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", dir, "--reference"])).toBe(0);
    const store = SqliteStore.open(path);
    try {
      const { items, invalid } = await readExperiences(store);
      expect(invalid).toBe(0);
      expect(items.map((i) => i.key).sort()).toEqual(records.map((r) => `dataset:${r.task_id}:${r.solution_id}`).sort());
      for (const r of records) {
        const item = items.find((i) => i.key === `dataset:${r.task_id}:${r.solution_id}`)!;
        expect(item.record).toMatchObject({ source: "dataset", engine: null, origin: { corpusTask: r.task_id, solution: r.solution_id } });
        expect(item.record.outcome).toMatchObject({ status: "succeeded", score: r.score, rank: { place: r.rank } });
        expect(item.record.instruction?.rank).toBe(r.rank);
      }
      const text = JSON.stringify(items);
      expect(text).not.toContain("from sklearn.datasets import"); // solution code is never kept
    } finally {
      store.close();
    }
  });

  it("records nothing with --experience off, and refuses another mode", async () => {
    const dir = await tempDir();
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", dir, "--reference", "--experience", "off"])).toBe(0);
    expect(existsSync(join(dir, "experience.sqlite"))).toBe(false);
    expect(await datasetCommand(["extract", SAMPLE_CORPUS, "--out", dir, "--reference", "--experience", "maybe"])).toBe(2);
  });
});
