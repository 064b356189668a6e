/** The main graph's contract on the platform: a required, described taskDir in, the run's answer (LinguacodusOutput) out. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getInputTypeSchema, getOutputTypeSchema } from "@langchain/langgraph/zod/schema";
import { afterAll, describe, expect, it } from "vitest";
import { graph } from "../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { LinguacodusOutput } from "../../src/graph/linguacodus/state.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/wine", import.meta.url));
const PYTHON = "/usr/bin/python3";
const OUTPUT_KEYS = [
  "error",
  "higherIsBetter",
  "instructionTitle",
  "metric",
  "reportPath",
  "runDir",
  "status",
  "submissionPath",
  "validationScore",
];

const root = mkdtempSync(join(tmpdir(), "lc-output-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type JsonSchema = { properties: Record<string, { description?: string }> };

describe("the linguacodus graph's input and output schemas", () => {
  it("describes taskDir in the input schema and every output field in the output schema", () => {
    const input = getInputTypeSchema(graph) as JsonSchema;
    expect(Object.keys(input.properties).sort()).toEqual(["runDir", "runId", "taskDir"]);
    expect(input.properties.taskDir.description).toMatch(/^Path of the task directory/);
    const output = getOutputTypeSchema(graph) as JsonSchema;
    expect(Object.keys(output.properties).sort()).toEqual(OUTPUT_KEYS);
    for (const key of OUTPUT_KEYS) expect(output.properties[key].description, key).toBeTruthy();
    expect(Object.keys(LinguacodusOutput.shape).sort()).toEqual(OUTPUT_KEYS);
  });

  it("requires taskDir: a run without one is refused before any step", async () => {
    const runsDir = join(root, "refused");
    await expect(graph.invoke({} as { taskDir: string }, { context: makeContext({ engine: "offline", runsDir }) })).rejects.toThrow(
      /taskDir/,
    );
    await expect(graph.invoke({ taskDir: "" }, { context: makeContext({ engine: "offline", runsDir }) })).rejects.toThrow(/taskDir/);
    expect(existsSync(runsDir)).toBe(false);
  });

  it("answers exactly the output: status, submission, score, metric and direction, instruction, run dir, report, error", async () => {
    const runDir = join(root, "run");
    const context = makeContext({ engine: "offline", runDir, python: PYTHON, experience: "off" });
    const output = await graph.invoke({ taskDir: EXAMPLE }, { context });
    expect(Object.keys(output).sort()).toEqual(OUTPUT_KEYS);
    expect(output).toMatchObject({
      status: "succeeded",
      submissionPath: join(runDir, "submission.csv"),
      validationScore: expect.any(Number),
      metric: "logloss",
      higherIsBetter: false,
      instructionTitle: expect.any(String),
      runDir,
      reportPath: join(runDir, "report.html"),
      error: null,
    });
    expect(readdirSync(runDir)).toEqual(expect.arrayContaining(["submission.csv", "report.html", "summary.json"]));
  }, 600_000);
});
