/**
 * The layered house: no import cycle between folders, and src/agents holds graph nodes only.
 * Units are the top-level folders of src/, except that src/tools/* and src/graph/* count one
 * folder each, and a graph's assembly (src/graph/<name>/graph.ts, which imports the nodes) is a
 * unit of its own above the graph's contract (state, context, routes) that the nodes import;
 * a file directly in src/ is a unit of its own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDependencyTree } from "dpdm";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The unit a source file belongs to (null outside src/). */
function unitOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] !== "src") return null;
  if (parts[1] === "graph" && parts[3] === "graph.ts") return `graph/${parts[2]}#assembly`;
  if ((parts[1] === "tools" || parts[1] === "graph") && parts.length > 3) return `${parts[1]}/${parts[2]}`;
  return parts[1];
}

/** Every cycle of a directed graph, as "a -> b -> a". */
function cyclesOf(edges: Map<string, Set<string>>): string[] {
  const state = new Map<string, "open" | "done">();
  const found: string[] = [];
  const visit = (node: string, stack: string[]) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
      else if (!state.get(next)) visit(next, stack);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of edges.keys()) if (!state.get(node)) visit(node, []);
  return found;
}

describe("architecture", () => {
  it("has no import cycle between folders (type-only imports included)", async () => {
    const tree = await parseDependencyTree(["src/**/*.ts"], { context: ROOT, transform: false, skipDynamicImports: false });
    const edges = new Map<string, Set<string>>();
    for (const [file, deps] of Object.entries(tree)) {
      const from = unitOf(file);
      if (!from) continue;
      for (const dep of deps ?? []) {
        const to = dep.id ? unitOf(dep.id) : null;
        if (!to || to === from) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)?.add(to);
      }
    }
    expect(edges.size).toBeGreaterThan(5);
    expect(cyclesOf(edges)).toEqual([]);
  });

  it("src/agents holds graph nodes only: every export of every file is a node", () => {
    const dir = join(ROOT, "src", "agents");
    for (const file of readdirSync(dir)) {
      const exported = [
        ...readFileSync(join(dir, file), "utf8").matchAll(/^export (?:async )?(?:function|const|interface|type|class) (\w+)/gm),
      ];
      expect(exported.length, file).toBeGreaterThan(0);
      for (const [, name] of exported) expect(name, `${file} exports ${name}`).toMatch(/Node$/);
    }
  });

  it("finds a cycle when there is one (the check itself works)", () => {
    const edges = new Map([
      ["run", new Set(["agents"])],
      ["agents", new Set(["run"])],
    ]);
    expect(cyclesOf(edges)).toEqual(["run -> agents -> run"]);
  });
});
