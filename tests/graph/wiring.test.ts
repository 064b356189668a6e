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

/** The main graph's own edges ("a -> b", "?" marks a conditional edge). */
const MAIN_EDGES = [
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
];

/** The instruction steps (the instructions subgraph without its standalone entry). */
const INSTRUCTION_NODES = ["recall-experience", "rank-instructions", "research", "decide"];
const INSTRUCTION_EDGES = [
  "recall-experience ? rank-instructions",
  "rank-instructions ? research",
  "rank-instructions ? __end__",
  "research ? decide",
  "research ? __end__",
  "decide ? __end__",
];

/** The code steps (the codegen subgraph without its standalone entry), from where the embedded subgraph starts on. */
const CODE_NODES = [
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
];
const CODE_EDGES = [
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
];
/** Where the embedded codegen subgraph starts: the seeded script's run, the instruction's blocks, or the vanilla baseline. */
const CODE_ENTRY_EDGES = ["__start__ ? execute", "__start__ ? code-preprocessing", "__start__ ? code-vanilla"];

/** Designed nodes (besides __start__ and __end__) and edges of each registered graph. */
const DESIGN: Record<string, { nodes: string[]; edges: string[] }> = {
  linguacodus: {
    nodes: ["load-task", "profile-data", "split-holdout", "instructions", "validate", "select", "decide", "review", "improve", "codegen"],
    edges: MAIN_EDGES,
  },
  // alone, each subgraph loads and profiles the task first
  instructions: {
    nodes: ["load-task", "profile-data", ...INSTRUCTION_NODES],
    edges: ["__start__ -> load-task", "load-task -> profile-data", "profile-data -> recall-experience", ...INSTRUCTION_EDGES],
  },
  codegen: {
    nodes: ["load-task", "profile-data", ...CODE_NODES],
    edges: [
      "__start__ -> load-task",
      "load-task -> profile-data",
      "profile-data ? code-preprocessing",
      "profile-data ? code-vanilla",
      ...CODE_EDGES,
      "record-experience -> __end__",
    ],
  },
};

/** An edge of a subgraph as the xray drawing names it: both ends under the subgraph's node. */
function inside(node: string, edge: string): string {
  const [source, kind, target] = edge.split(" ");
  return `${node}:${source} ${kind} ${node}:${target}`;
}

/**
 * The main graph drawn with xray: the path that really runs. An edge into a subgraph goes to where
 * it starts on the main graph's state (instructions at recall-experience; codegen and validate at
 * their entry branch), never to the standalone load-task/profile-data; an edge out of one leaves from
 * its last step (LangGraph draws a subgraph's exits from its one last node).
 */
const XRAY_EDGES = [
  ...MAIN_EDGES.filter((e) => !/(instructions|validate|codegen)/.test(e)),
  "split-holdout -> instructions:recall-experience",
  "instructions:decide ? validate:__start__",
  "instructions:decide ? review",
  "instructions:decide ? codegen:__start__",
  "validate:record-experience -> select",
  "select ? codegen:__start__",
  "decide ? codegen:__start__",
  "review ? instructions:recall-experience",
  "review ? validate:__start__",
  "review ? codegen:__start__",
  "improve ? validate:__start__",
  "improve ? codegen:__start__",
  "codegen:record-experience -> __end__",
  ...INSTRUCTION_EDGES.filter((e) => !e.endsWith("__end__")).map((e) => inside("instructions", e)),
  ...[...CODE_ENTRY_EDGES, ...CODE_EDGES].flatMap((e) => [inside("validate", e), inside("codegen", e)]),
];

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

  it("draws the path that really runs with xray: the subgraphs nested from where the main graph enters them", async () => {
    const main = (await loadEntry(graphPath(config.graphs.linguacodus))).value as CompiledStateGraph<never, never>;
    const drawn = await main.getGraphAsync({ xray: true });
    const nodes = [
      ...DESIGN.linguacodus.nodes.filter((n) => !["instructions", "validate", "codegen"].includes(n)),
      ...INSTRUCTION_NODES.map((n) => `instructions:${n}`),
      ...["__start__", ...CODE_NODES].flatMap((n) => [`validate:${n}`, `codegen:${n}`]),
    ];
    expect(Object.keys(drawn.nodes).sort()).toEqual(["__end__", "__start__", ...nodes].sort());
    const edges = drawn.edges.map((e) => `${e.source} ${e.conditional ? "?" : "->"} ${e.target}`);
    expect(edges.sort()).toEqual([...XRAY_EDGES].sort());
    // the Mermaid drawing Studio renders has no standalone entry inside a subgraph either
    expect(drawn.drawMermaid()).not.toMatch(/(instructions|validate|codegen)_(load-task|profile-data)/);
    expect(drawn.drawMermaid()).toContain("split-holdout --> instructions_recall-experience;");
  });
});
