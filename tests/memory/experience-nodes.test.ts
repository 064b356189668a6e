import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { recallExperienceNode } from "../../src/agents/recall-experience.js";
import { recordExperienceNode } from "../../src/agents/record-experience.js";
import { rankInstructionsNode } from "../../src/agents/rank-instructions.js";
import { putExperience, readExperiences } from "../../src/memory/experience-store.js";
import { describeTask } from "../../src/memory/from-run.js";
import { RecalledExperienceSchema } from "../../src/types/experience.js";
import {
  attempt,
  execResult,
  FakeExecutor,
  fakeModelEngine,
  instruction,
  instructionBody,
  nodeConfig,
  useTinyRun,
} from "../helpers/fakes.js";
import { CountingStore } from "./counting-store.js";
import { makeRecord } from "./records.js";

const { run, freshState } = useTinyRun();

/** A node config with a store, as LangGraph hands one to a node. */
function withStore(
  store: CountingStore | undefined,
  context: Parameters<typeof nodeConfig>[0] = {},
  overrides = {},
): LangGraphRunnableConfig {
  return { ...nodeConfig(context, overrides), store };
}

/** A store holding one experience of a task like the tiny one (and one unlike it). */
async function seeded(): Promise<CountingStore> {
  const store = new CountingStore();
  const { task, profile } = describeTask(run().task, run().profile);
  await putExperience(store, "run:similar", {
    ...makeRecord("Tiny churn", task.digest, { relative: 0.04, approach: "Boosted trees with target encoding" }),
    task,
    profile,
  });
  await putExperience(
    store,
    "run:unlike",
    makeRecord("Aaa", "zzz", {
      profile: {
        taskType: "regression",
        metric: "mae",
        dataType: "text",
        dataKinds: {},
        columns: [],
        rows: null,
        classes: null,
        submissionForm: "value",
      },
    }),
  );
  store.reads = 0;
  store.writes = 0;
  return store;
}

const exists = (dir: string, file: string) => existsSync(join(dir, file));

describe("recall-experience and record-experience nodes", () => {
  it("with experience off, read nothing and write nothing (no store call, no artifact)", async () => {
    const store = await seeded();
    const state = freshState({ status: "succeeded", instruction: instruction(1) });
    expect(await recallExperienceNode(state, withStore(store, { experience: "off" }))).toEqual({});
    expect(await recordExperienceNode(state, withStore(store, { experience: "off" }))).toEqual({});
    expect([store.reads, store.writes]).toEqual([0, 0]);
    expect(exists(state.runDir!, "experience.json") || exists(state.runDir!, "experience-recorded.json")).toBe(false);
  });

  it("recalls the similar experience, keeps it as experience.json, and does not recall twice", async () => {
    const store = await seeded();
    const state = freshState();
    const update = await recallExperienceNode(state, withStore(store));
    expect(update.experience?.examples.map((e) => [e.key, e.similarity])).toEqual([["run:similar", 1]]);
    expect(update.experience).toMatchObject({ mode: "on", searched: 2, invalid: 0, problem: null });
    expect(RecalledExperienceSchema.parse(JSON.parse(readFileSync(join(state.runDir!, "experience.json"), "utf8")))).toEqual(
      update.experience,
    );
    const reads = store.reads;
    expect(await recallExperienceNode({ ...state, experience: update.experience }, withStore(store))).toEqual({});
    expect(store.reads).toBe(reads);
  });

  it("without a store, recalls nothing and says why; a read-only run never writes", async () => {
    const state = freshState();
    const update = await recallExperienceNode(state, withStore(undefined));
    expect(update.experience).toEqual({
      mode: "on",
      examples: [],
      searched: 0,
      invalid: 0,
      problem: "no store: the graph was run without a LangGraph store",
    });
    const store = await seeded();
    const readOnly = freshState({ status: "succeeded", instruction: instruction(1) });
    expect((await recallExperienceNode(readOnly, withStore(store, { experience: "read-only" }))).experience?.examples).toHaveLength(1);
    await recordExperienceNode(readOnly, withStore(store, { experience: "read-only" }));
    expect(store.writes).toBe(0);
    expect(exists(readOnly.runDir!, "experience-recorded.json")).toBe(false);
  });

  it("records a finished run with its score and keeps what it stored as experience-recorded.json", async () => {
    const store = await seeded();
    const base = freshState({ runId: "tiny-1", status: "succeeded", instruction: instruction(1, "Forest"), startedAt: Date.now() - 1000 });
    const check = { ok: true, problems: [], validationScore: 0.7 };
    const state = { ...base, attempts: [attempt(base.runDir!, 1, { execution: execResult(), check })] };
    await recordExperienceNode(state, withStore(store));
    const { items } = await readExperiences(store);
    const mine = items.find((i) => i.key === "run:tiny-1");
    expect(mine?.record.outcome.score).toBe(0.7);
    expect(mine?.record.instruction?.title).toBe("Forest");
    expect(JSON.parse(readFileSync(join(state.runDir!, "experience-recorded.json"), "utf8"))).toEqual({
      key: "run:tiny-1",
      record: mine?.record,
    });
  });

  it("gives the model instructor the recalled experience as short examples in its prompt", async () => {
    const store = await seeded();
    const state = freshState();
    const { experience } = await recallExperienceNode(state, withStore(store));
    const { engine, models } = fakeModelEngine({
      instructor: [JSON.stringify(instructionBody("A")), JSON.stringify(instructionBody("B"))],
    });
    await rankInstructionsNode({ ...state, experience }, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    const prompt = models.instructor!.promptText(0);
    expect(prompt).toContain("Experience from similar earlier tasks");
    expect(prompt).toContain(
      `1. Task "Tiny churn" (binary, accuracy, tabular, 30 rows; similarity 1.00): "Boosted trees with target encoding" scored well (holdout 0.8, +4.0% against the plain reference). Model: Use a RandomForestClassifier with 200 trees.`,
    );
    await rankInstructionsNode(freshState(), nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(models.instructor!.promptText(1)).toContain("(none: no earlier experience of a similar task)");
  });
});
