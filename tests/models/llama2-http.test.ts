/**
 * The instructor in llama2 format through real HTTP: rank-instructions sends the exact
 * [INST] prompt of buildInstructorLlama2Prompt to the legacy /v1/completions endpoint (via the
 * real model factory and ChatOpenAI/OpenAI clients) and parses the free-text reply.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rankInstructionsNode } from "../../src/agents/rank-instructions.js";
import { buildInstructorLlama2Prompt } from "../../src/models/llama2-prompt.js";
import { StructuredOutputError } from "../../src/models/structured.js";
import { dataTypeOf } from "../../src/tools/task/describe-profile.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { FakeExecutor, nodeConfig, tempDirs, tinyRun } from "../helpers/fakes.js";

const REPLY = [
  " Gradient boosting with target encoding",
  "",
  "Data preprocessing:",
  "- Fill missing ages with the median. [Data_Transform, pandas]",
  "- One-hot encode the city column.",
  "Model architecture:",
  "1. An XGBoost classifier with 300 trees. [Model_Train, xgboost]",
  "Model training:",
  "1) Fit with 5-fold stratified cross-validation.",
  "Submission: Write id and the predicted label to submission.csv.",
].join("\n");

const dirs = tempDirs();
let run: Awaited<ReturnType<typeof tinyRun>>;
let mock: MockOpenAI;

beforeAll(async () => {
  run = await tinyRun(dirs);
});
afterEach(async () => {
  await mock?.close();
});
afterAll(() => dirs.cleanup());

describe("instructor with format llama2 over HTTP", () => {
  it("sends the exact [INST] prompt to /v1/completions and parses the free-text instruction", async () => {
    mock = await startMockOpenAI({ handler: () => ({ content: REPLY }) });
    const models = {
      instructor: { model: "m", baseUrl: mock.url, format: "llama2" as const },
      default: { model: "chat-m", baseUrl: mock.url },
    };
    const state = { ...run.state, candidateRank: 2, runDir: join(dirs.make("lc-run-"), "run") };
    const update = await rankInstructionsNode(
      state,
      nodeConfig({ models, modelRetries: 0, modelTimeoutSeconds: 20 }, { executor: new FakeExecutor() }),
    );

    expect(mock.requests).toHaveLength(1);
    const request = mock.requests[0];
    expect(request.path).toBe("/v1/completions");
    expect(request.model).toBe("m");
    expect(request.messages).toBeNull();
    const expected = await buildInstructorLlama2Prompt({
      description: run.task.description,
      metric: run.profile.metric ?? "unknown",
      dataType: dataTypeOf(run.profile),
      rank: 2,
    });
    expect(request.prompt).toBe(expected);
    expect(request.prompt!.startsWith("[INST] <<SYS>>")).toBe(true);
    expect(request.prompt!.endsWith("[/INST]")).toBe(true);
    expect(request.prompt).toContain("Write the instruction of the solution ranked second for this task.");
    expect(request.prompt).toContain("Evaluation metric: accuracy\nData type: tabular");

    const candidate = update.candidates![0];
    expect(candidate.rank).toBe(2);
    expect(candidate.title).toBe("Gradient boosting with target encoding");
    expect(candidate.preprocessing).toEqual([
      { text: "Fill missing ages with the median.", tag: "Data_Transform", library: "pandas" },
      { text: "One-hot encode the city column." },
    ]);
    expect(candidate.model).toEqual([{ text: "An XGBoost classifier with 300 trees.", tag: "Model_Train", library: "xgboost" }]);
    expect(candidate.training).toEqual([{ text: "Fit with 5-fold stratified cross-validation." }]);
    expect(candidate.submission).toEqual([{ text: "Write id and the predicted label to submission.csv." }]);
    expect(update.usage).toEqual([expect.objectContaining({ role: "instructor", model: "m" })]);
    expect(update.usage![0].inputTokens).toBeGreaterThan(0);
    expect(readFileSync(join(state.runDir, "raw/instructor-2.1.txt"), "utf8")).toBe(REPLY);
  });

  it("fails clearly when the free-text reply holds no instruction steps", async () => {
    mock = await startMockOpenAI({ handler: () => ({ content: "I am not sure what to do here." }) });
    const models = { instructor: { model: "m", baseUrl: mock.url, format: "llama2" as const }, default: { model: "c", baseUrl: mock.url } };
    const state = { ...run.state, candidateRank: 1, runDir: join(dirs.make("lc-run-"), "run") };
    const error = await rankInstructionsNode(state, nodeConfig({ models, modelRetries: 0 }, { executor: new FakeExecutor() })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).message).toMatch(/role instructor \(model m, llama2 format\): no instruction steps found/);
    expect((error as StructuredOutputError).raw).toEqual(["I am not sure what to do here."]);
    expect((error as StructuredOutputError).usage).toHaveLength(1);
  });
});
