import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { InMemoryStore, type BaseStore } from "@langchain/langgraph";
import { SqliteStore } from "../../src/memory/sqlite-store.js";
import {
  EXPERIENCE_NAMESPACE,
  forgetExperience,
  getExperience,
  linkReference,
  putExperience,
  readExperiences,
} from "../../src/memory/experience-store.js";
import { recordExperience } from "../../src/memory/record.js";
import { instruction, tempDirs } from "../helpers/fakes.js";
import { tinyTaskAndProfile } from "./run-fixture.js";
import { makeRecord } from "./records.js";

const dirs = tempDirs();
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  dirs.cleanup();
});

const stores: Array<[string, () => BaseStore]> = [
  ["InMemoryStore", () => new InMemoryStore()],
  [
    "SqliteStore",
    () => {
      const store = SqliteStore.open(join(dirs.make(), "experience.sqlite"));
      closers.push(() => store.close());
      return store;
    },
  ],
];

describe.each(stores)("experience records in a %s", (_name, make) => {
  it("round-trip: put, read, get, forget", async () => {
    const store = make();
    const record = makeRecord("Titanic", "Predict survival of passengers.");
    await putExperience(store, "run:1", record);
    expect(await getExperience(store, "run:1")).toEqual(record);
    const { items, invalid } = await readExperiences(store);
    expect(invalid).toBe(0);
    expect(items.map((i) => [i.key, i.record])).toEqual([["run:1", record]]);
    expect(await forgetExperience(store, "run:1")).toBe(true);
    expect(await forgetExperience(store, "run:1")).toBe(false);
    expect(await getExperience(store, "run:1")).toBeNull();
  });

  it("counts values that are not records and never returns them; get names the bad key", async () => {
    const store = make();
    await putExperience(store, "good", makeRecord("A", "a"));
    await store.put(EXPERIENCE_NAMESPACE, "junk", { version: 99, note: "written by something else" });
    const { items, invalid } = await readExperiences(store);
    expect(items.map((i) => i.key)).toEqual(["good"]);
    expect(invalid).toBe(1);
    await expect(getExperience(store, "junk")).rejects.toThrow(/experience "junk" is not a valid record/);
  });

  it("refuses to store an invalid record", async () => {
    const store = make();
    const bad = { ...makeRecord("A", "a"), outcome: { ...makeRecord("A", "a").outcome, score: Number.NaN } };
    await expect(putExperience(store, "bad", bad)).rejects.toThrow();
    expect((await readExperiences(store)).items).toEqual([]);
  });

  it("links a run with its plain reference when the reference comes first (lower is better)", async () => {
    const store = make();
    const profile = { metric: "rmse", higherIsBetter: false, taskType: "regression" as const };
    await putExperience(
      store,
      "reference:v",
      await linkReference(store, "reference:v", makeRecord("Houses", "d", { source: "reference", score: 0.2, taskKey: "T", profile })),
    );
    const run = await linkReference(store, "run:p", makeRecord("Houses", "d", { score: 0.19, taskKey: "T", profile }));
    expect(run.outcome.referenceScore).toBe(0.2);
    expect(run.outcome.relativeScore).toBeCloseTo(0.05, 10); // 5% lower error is 5% better
    const other = await linkReference(store, "run:q", makeRecord("Houses", "d", { score: 0.19, taskKey: "OTHER", profile }));
    expect(other.outcome.referenceScore).toBeNull();
    expect((await getExperience(store, "reference:v"))?.outcome).toMatchObject({ referenceScore: 0.2, relativeScore: 0 });
  });

  it("fills in earlier runs of the task when the reference comes after them", async () => {
    const store = make();
    await putExperience(store, "run:a", makeRecord("Tips", "d", { score: 0.9, taskKey: "T" }));
    await putExperience(store, "run:b", makeRecord("Tips", "d", { score: null, status: "failed", taskKey: "T" }));
    await putExperience(store, "run:c", makeRecord("Tips", "d", { score: 0.9, taskKey: "U" }));
    const reference = makeRecord("Tips", "d", { source: "reference", score: 0.8, taskKey: "T" });
    await putExperience(store, "reference:r", await linkReference(store, "reference:r", reference));
    expect((await getExperience(store, "run:a"))?.outcome).toMatchObject({ referenceScore: 0.8, relativeScore: expect.closeTo(0.125, 10) });
    expect((await getExperience(store, "run:b"))?.outcome).toMatchObject({ referenceScore: 0.8, relativeScore: null });
    expect((await getExperience(store, "run:c"))?.outcome).toMatchObject({ referenceScore: null, relativeScore: null });
  });

  it("does not compare holdout scores on time-ordered data (the two scripts may validate differently)", async () => {
    const store = make();
    const profile = { dataType: "time_series", metric: "rmsle", higherIsBetter: false };
    await putExperience(store, "run:t", makeRecord("Bikes", "d", { score: 0.5, taskKey: "T", profile }));
    const reference = makeRecord("Bikes", "d", { source: "reference", score: 0.36, taskKey: "T", profile });
    await putExperience(store, "reference:t", await linkReference(store, "reference:t", reference));
    expect((await getExperience(store, "run:t"))?.outcome).toMatchObject({ referenceScore: 0.36, relativeScore: null });
  });
});

describe("recordExperience", () => {
  it("stores a finished run under run:<id> with its outcome, time and cost", async () => {
    const store = new InMemoryStore();
    const { task, profile } = await tinyTaskAndProfile(dirs);
    const started = Date.parse("2026-01-01T00:00:00Z");
    const { key, record } = await recordExperience(
      store,
      {
        runId: "r1",
        runDir: "/runs/r1",
        task,
        profile,
        engine: "model",
        status: "succeeded",
        validationScore: 0.75,
        startedAt: started,
        usage: [
          { role: "instructor", model: "m", inputTokens: 100, outputTokens: 20, ms: 5 },
          { role: "coder", model: "m", inputTokens: 50, outputTokens: 30, ms: 5 },
        ],
        instruction: instruction(1, "Forest"),
      },
      new Date(started + 42_000),
    );
    expect(key).toBe("run:r1");
    expect(record.source).toBe("run");
    expect(record.outcome).toEqual({ status: "succeeded", score: 0.75, referenceScore: null, relativeScore: null, rank: null });
    expect(record.seconds).toBe(42);
    expect(record.usage).toEqual({ calls: 2, inputTokens: 150, outputTokens: 50 });
    expect(record.origin).toEqual({ runId: "r1", runDir: "/runs/r1" });
    expect(await getExperience(store, "run:r1")).toEqual(record);
  });
});
