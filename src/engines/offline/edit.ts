import type { Instruction, Step } from "../../types/instruction.js";
import { INSTRUCTION_SECTIONS } from "../../types/instruction.js";
import { defaultStep } from "./coder/plan.js";
import { opSpec } from "./coder/registry.js";

/** Every step of an instruction that names an op, in section order. */
export function opSteps(instruction: Instruction): Step[] {
  return INSTRUCTION_SECTIONS.flatMap((s) => instruction[s]).filter((step) => step.op !== undefined);
}

/** True when some step of the instruction uses one of the ops. */
export function hasOp(instruction: Instruction, ...ops: string[]): boolean {
  return opSteps(instruction).some((step) => ops.includes(step.op ?? ""));
}

/** The steps that use an op. */
export function stepsOf(instruction: Instruction, op: string): Step[] {
  return opSteps(instruction).filter((step) => step.op === op);
}

/** A copy of the instruction with a step added to its op's section, before the first later-phase step. */
function addStep(instruction: Instruction, step: Step): Instruction {
  const spec = opSpec(step.op ?? "");
  const steps = instruction[spec.section];
  const at = steps.findIndex((s) => s.op !== undefined && opSpec(s.op).phase > spec.phase);
  const next = [...steps];
  next.splice(at < 0 ? next.length : at, 0, step);
  return { ...instruction, [spec.section]: next };
}

/** A copy with the op's default step added (with parameters). */
export function addOp(instruction: Instruction, op: string, params: Record<string, unknown> = {}): Instruction {
  return addStep(instruction, defaultStep(op, params));
}

/** A copy with every step of the op removed. */
export function removeOp(instruction: Instruction, op: string): Instruction {
  const copy = { ...instruction };
  for (const section of INSTRUCTION_SECTIONS) copy[section] = instruction[section].filter((s) => s.op !== op);
  return copy;
}

/** A copy with every step of the op replaced by a step made from it (same place). */
export function mapOp(instruction: Instruction, op: string, change: (step: Step) => Step): Instruction {
  const copy = { ...instruction };
  for (const section of INSTRUCTION_SECTIONS) copy[section] = instruction[section].map((s) => (s.op === op ? change(s) : s));
  return copy;
}

/** A copy whose steps of the op get the parameters merged in. */
export function setParams(instruction: Instruction, op: string, params: Record<string, unknown>): Instruction {
  return mapOp(instruction, op, (s) => ({ ...s, params: { ...s.params, ...params } }));
}

/** A copy where each step of `from` becomes the default step of `to`, with parameters from `params`. */
export function replaceOp(instruction: Instruction, from: string, to: string, params: (old: Step) => Record<string, unknown>): Instruction {
  const target = opSpec(to);
  if (target.section === opSpec(from).section) return mapOp(instruction, from, (s) => defaultStep(to, params(s)));
  const moved = stepsOf(instruction, from);
  return moved.reduce((acc, old) => addOp(acc, to, params(old)), removeOp(instruction, from));
}
