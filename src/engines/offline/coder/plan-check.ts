import { CODE_BLOCKS } from "../../engine.js";
import { contractOf } from "./manifest.js";
import type { RenderContext } from "./op-spec.js";
import type { Plan } from "./plan.js";
import type { PyValue } from "./python.js";

/** Thrown when a composed plan breaks an op contract: nothing of it runs. */
export class PlanError extends Error {
  override readonly name = "PlanError";
}

/** What is wrong with one call of a Python op: keywords it does not take, required ones missing. */
export function callProblems(op: string, kwargs: Record<string, PyValue>): string[] {
  const contract = contractOf(op);
  const problems: string[] = [];
  for (const key of Object.keys(kwargs)) {
    if (!(key in contract.params)) problems.push(`${op}: python/linguacodus_ops has no parameter "${key}"`);
  }
  for (const [key, param] of Object.entries(contract.params)) {
    if ("required" in param && !(key in kwargs)) problems.push(`${op}: required parameter "${key}" not given`);
  }
  return problems;
}

/** Throws a PlanError naming each problem, if there are any. */
export function throwProblems(problems: string[]): void {
  if (problems.length) throw new PlanError(`the offline plan breaks op contracts:\n  ${problems.join("\n  ")}`);
}

/**
 * Checks a plan against the ops' contracts before anything runs: every op is a function of the
 * package, every keyword it is given is one of its parameters, no required parameter is missing,
 * and every state name an op needs was defined by an earlier op. Throws a PlanError naming each problem.
 */
export function checkPlan(ctx: RenderContext, plan: Plan): void {
  const defined = new Set<string>();
  const problems: string[] = [];
  for (const block of CODE_BLOCKS) {
    for (const { spec, step } of plan[block]) {
      if (!spec) continue;
      const contract = contractOf(spec.op);
      problems.push(...callProblems(spec.op, spec.call(ctx, step.params)));
      const missing = contract.needs.filter((name) => !defined.has(name));
      if (missing.length) problems.push(`${spec.op} (${block}) needs ${missing.join(", ")}, which no earlier step defines`);
      for (const name of contract.defines) defined.add(name);
    }
  }
  throwProblems(problems);
}
