import { readFileSync } from "node:fs";
import { join } from "node:path";
import { contractOf, manifest, OPS_DIR } from "./manifest.js";

const cache = new Map<string, string>();

/** A module's source as inlined into a script: its relative imports dropped (the modules share one namespace). */
function inlined(module: string): string {
  let text = cache.get(module);
  if (text === undefined) {
    const source = readFileSync(join(OPS_DIR, `${module}.py`), "utf8");
    const kept = source.split("\n").filter((line) => !line.startsWith("from ."));
    text = [`# ---- linguacodus_ops/${module}.py ----`, ...kept].join("\n").trimEnd();
    cache.set(module, text);
  }
  return text;
}

/** The modules the ops need, with their dependencies first, in the manifest's order. */
export function modulesFor(ops: readonly string[]): string[] {
  const all = manifest().modules;
  const needed = new Set<string>();
  const visit = (module: string) => {
    if (needed.has(module)) return;
    needed.add(module);
    for (const dep of all[module]?.depends ?? []) visit(dep);
  };
  for (const op of ops) visit(contractOf(op).module);
  return Object.keys(all).filter((m) => needed.has(m));
}

/** The inlined source of each module, in order. */
export function moduleSources(modules: readonly string[]): string[] {
  return modules.map(inlined);
}
