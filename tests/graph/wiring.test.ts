/**
 * The graphs registered in langgraph.json: each path exists, exports a compiled graph, and the
 * drawn graph (what Studio shows) has exactly the designed nodes and edges.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { CompiledStateGraph } from "@langchain/langgraph";
import { type GraphEntry, graphPath } from "../helpers/langgraph-server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const config = JSON.parse(readFileSync(resolve(ROOT, "langgraph.json"), "utf8")) as { graphs: Record<string, GraphEntry> };

/** Designed nodes (besides __start__ and __end__) and edges ("a -> b", "?" marks a conditional edge). */
const DESIGN: Record<string, { nodes: string[]; edges: string[] }> = {
  linguacodus: {
    nodes: ["load-task", "profile-data", "split-holdout", "instructions", "validate", "select", "decide", "review", "improve", "codegen"],
    edges: [
      "__start__ -> load-task",
      "load-task ? profile-data",
      "load-task ? __end__",
      "profile-data ? split-holdout",
      "profile-data ? __end__",
      "split-holdout -> instructions",
      // measured selection: every candidate to a validation run; the paper's flow: to review
      "instructions ? validate",
      "instructions ? review",
      "instructions ? codegen",
      "validate -> select",
      "select ? decide",
      "select ? improve",
      "select ? codegen",
      "decide ? review",
      "decide ? codegen",
      "review ? instructions",
      "review ? validate",
      "review ? codegen",
      "improve ? validate",
      "improve ? select",
      "improve ? codegen",
      "codegen -> __end__",
    ],
  },
  instructions: {
    nodes: ["load-task", "profile-data", "recall-experience", "rank-instructions", "research", "decide"],
    edges: [
      "__start__ ? load-task",
      "__start__ ? recall-experience",
      "load-task -> profile-data",
      "profile-data -> recall-experience",
      "recall-experience ? rank-instructions",
      "rank-instructions ? research",
      "rank-instructions ? __end__",
      "research ? decide",
      "research ? __end__",
      "decide ? __end__",
    ],
  },
  codegen: {
    nodes: [
      "load-task",
      "profile-data",
      "code-preprocessing",
      "code-model",
      "code-training",
      "code-submission",
      "code-vanilla",
      "integrate",
      "execute",
      "check",
      "fix",
      "report",
      "record-experience",
    ],
    edges: [
      "__start__ ? load-task",
      "__start__ ? execute",
      "__start__ ? code-preprocessing",
      "__start__ ? code-vanilla",
      "load-task -> profile-data",
      "profile-data ? execute",
      "profile-data ? code-preprocessing",
      "profile-data ? code-vanilla",
      "code-preprocessing ? code-model",
      "code-preprocessing ? report",
      "code-model ? code-training",
      "code-model ? report",
      "code-training ? code-submission",
      "code-training ? report",
      "code-submission ? integrate",
      "code-submission ? report",
      "integrate ? execute",
      "integrate ? fix",
      "integrate ? report",
      "code-vanilla ? execute",
      "code-vanilla ? fix",
      "code-vanilla ? report",
      "execute ? check",
      "execute ? report",
      "check ? fix",
      "check ? report",
      "fix ? execute",
      "fix ? fix",
      "fix ? report",
      "report -> record-experience",
      "record-experience -> __end__",
    ],
  },
};

/** Imports the export a langgraph.json entry ("./path.ts:export") names. */
async function loadEntry(entry: string): Promise<{ path: string; value: unknown }> {
  const [file, name] = entry.split(":");
  const path = resolve(ROOT, file);
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  return { path, value: module[name] };
}

describe("langgraph.json", () => {
  it("registers exactly the three graphs", () => {
    expect(Object.keys(config.graphs).sort()).toEqual(["codegen", "instructions", "linguacodus"]);
  });

  it("describes every graph (the path-and-description form the LangGraph CLI and server accept)", () => {
    for (const [id, entry] of Object.entries(config.graphs)) {
      const description = typeof entry === "string" ? "" : (entry.description ?? "");
      expect(description.length, id).toBeGreaterThan(80);
    }
  });

  describe.each(Object.entries(config.graphs).map(([id, entry]) => [id, graphPath(entry)] as const))("%s (%s)", (id, entry) => {
    it("points at an existing file exporting a compiled graph of that name", async () => {
      const { path, value } = await loadEntry(entry);
      expect(existsSync(path), path).toBe(true);
      expect(value).toBeInstanceOf(CompiledStateGraph);
      expect((value as CompiledStateGraph<never, never>).name).toBe(id);
    });

    it("draws exactly the designed nodes and edges", async () => {
      expect(DESIGN[id], `no design for ${id}`).toBeDefined();
      const graph = (await loadEntry(entry)).value as CompiledStateGraph<never, never>;
      const drawn = await graph.getGraphAsync();
      const design = DESIGN[id];
      expect(Object.keys(drawn.nodes).sort()).toEqual(["__end__", "__start__", ...design.nodes].sort());
      const edges = drawn.edges.map((e) => `${e.source} ${e.conditional ? "?" : "->"} ${e.target}`);
      expect(edges.sort()).toEqual([...design.edges].sort());
      // the synchronous drawing agrees on the nodes
      expect(Object.keys(graph.getGraph().nodes).sort()).toEqual(Object.keys(drawn.nodes).sort());
    });
  });

  it("nests the instructions and codegen subgraphs in the main graph (xray)", async () => {
    const main = (await loadEntry(graphPath(config.graphs.linguacodus))).value as CompiledStateGraph<never, never>;
    const drawn = await main.getGraphAsync({ xray: true });
    const nodes = Object.keys(drawn.nodes);
    for (const inner of [
      "instructions:recall-experience",
      "instructions:rank-instructions",
      "instructions:decide",
      "codegen:check",
      "codegen:fix",
      "codegen:report",
      "codegen:record-experience",
    ]) {
      expect(nodes, inner).toContain(inner);
    }
  });
});
