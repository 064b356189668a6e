/**
 * The subgraphs alone (as langgraph.json serves them): each takes a narrow input, loads and
 * profiles the task itself, and starts its state from the schema's defaults — instructions decides
 * on an instruction, and codegen implements one it is given (offline engine, real sandbox).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getInputTypeSchema } from "@langchain/langgraph/zod/schema";
import { afterAll, describe, expect, it } from "vitest";
import { graph as instructions } from "../../src/graph/instructions/graph.js";
import { graph as codegen } from "../../src/graph/codegen/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { tempDirs } from "../helpers/fakes.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/wine", import.meta.url));
const dirs = tempDirs();
afterAll(() => dirs.cleanup());
const root = dirs.make("lc-standalone-");

/** The nodes events.jsonl logged as ok, in order. */
function okNodes(runDir: string): string[] {
  return readFileSync(join(runDir, "events.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { node: string; status: string })
    .filter((e) => e.status === "ok")
    .map((e) => e.node);
}

describe("the subgraphs used alone", { timeout: 300_000 }, () => {
  it("take narrow inputs: the task (and where the run goes); codegen also the instruction to implement", () => {
    const keys = (graph: Parameters<typeof getInputTypeSchema>[0]) =>
      Object.keys((getInputTypeSchema(graph) as { properties: object }).properties).sort();
    expect(keys(instructions)).toEqual(["runDir", "runId", "taskDir"]);
    expect(keys(codegen)).toEqual(["instruction", "runDir", "runId", "taskDir"]);
  });

  it("instructions decides on an instruction, and codegen given it implements it block by block", async () => {
    const context = (runDir: string) => makeContext({ engine: "offline", runDir, candidates: 2, experience: "off" });
    const decidedIn = join(root, "instructions");
    const decided = await instructions.invoke({ taskDir: EXAMPLE }, { context: context(decidedIn) });
    expect(decided.candidates.map((c) => c.rank)).toEqual([1, 2]);
    expect(decided.instruction?.title).toBeTruthy();
    expect(decided).toMatchObject({ round: 0, reviewRounds: 0, holdout: null, submissionPath: null }); // the state's defaults, though the input named none of them
    expect(okNodes(decidedIn)).toEqual([
      "load-task",
      "profile-data",
      "recall-experience",
      "rank-instructions",
      "rank-instructions",
      "research",
      "decide",
    ]);

    const codedIn = join(root, "codegen");
    const coded = await codegen.invoke({ taskDir: EXAMPLE, instruction: decided.instruction }, { context: context(codedIn) });
    expect(coded).toMatchObject({ status: "succeeded", instructionTitle: decided.instruction!.title, error: null });
    expect(existsSync(coded.submissionPath!)).toBe(true);
    expect(existsSync(join(codedIn, "code/solution.v1.py"))).toBe(true);
    expect(okNodes(codedIn).slice(0, 3)).toEqual(["load-task", "profile-data", "code-preprocessing"]);
  });
});
