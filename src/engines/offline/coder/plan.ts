import type { CodeBlock } from "../../engine.js";
import type { Instruction, InstructionSection, Step } from "../../../types/instruction.js";
import { INSTRUCTION_SECTIONS } from "../../../types/instruction.js";
import type { ProfileFacts } from "../facts.js";
import type { OpSpec } from "./op-spec.js";
import { MODEL_OPS, OPS, VALIDATION_OPS, opSpec } from "./registry.js";

/** The code block each instruction section is written in. */
const SECTION_BLOCK: Record<InstructionSection, CodeBlock> = {
  preprocessing: "preprocessing",
  model: "model",
  validation: "training",
  training: "training",
  submission: "submission",
};

/** One step as the coder will write it. */
export interface PlannedStep {
  /** The instruction step (or a default step the coder added). */
  step: Step;
  /** Its template, or null when the step has no renderable op. */
  spec: OpSpec | null;
  /** Why the step is not rendered, or what the coder changed, for a comment. */
  note: string | null;
  /** True when the coder added the step because the instruction lacked it. */
  added: boolean;
}

/** The planned steps of every block, in order. */
export type Plan = Record<CodeBlock, PlannedStep[]>;

/** A default step for an op, with the op's own sentence. */
export function defaultStep(op: string, params: Record<string, unknown> = {}): Step {
  const spec = opSpec(op);
  return { text: spec.text, tag: spec.tag, library: spec.library, op, params };
}

/** The facts an op needs that do not hold. */
export function unmetNeeds(spec: OpSpec, facts: ProfileFacts): string[] {
  return spec.needs.filter((fact) => !facts.flags.has(fact));
}

/** Ops that every runnable script needs, per block, in order, with the facts that call for them. */
function requiredOps(facts: ProfileFacts): Array<{ op: string; params?: Record<string, unknown> }> {
  const has = (fact: Parameters<typeof facts.flags.has>[0]) => facts.flags.has(fact);
  return [
    { op: "plan_budget" },
    { op: "load_data" },
    { op: "encode_target" },
    { op: "set_metric" },
    { op: "drop_leakage" },
    ...(has("datetime") ? [{ op: "datetime_features" }] : []),
    { op: "numeric_features" },
    ...(has("categorical") ? [{ op: "categorical_encoding" }] : []),
    ...(has("text") ? [{ op: "text_tfidf" }] : []),
    { op: "assemble_features" },
    { op: "start_models" },
    { op: has("timeOrdered") ? "time_split_cv" : "kfold_cv" },
    { op: "report_score" },
    { op: "fit_full" },
    { op: "write_submission", params: { form: facts.profile.submissionForm } },
    { op: "report_actual" },
  ];
}

/**
 * Orders every step of an instruction into the four code blocks: steps go to their op's block in
 * canonical phase order; steps without a known op stay in their section as comments; required
 * steps the instruction lacks are added (marked), and one default model when it names none.
 */
export function planBlocks(facts: ProfileFacts, instruction: Instruction): Plan {
  const planned: Array<PlannedStep & { block: CodeBlock; phase: number; order: number }> = [];
  const seen = new Set<string>();
  const modelNames = new Set<string>();
  let order = 0;
  for (const section of INSTRUCTION_SECTIONS) {
    for (const step of instruction[section]) {
      const spec = step.op ? (OPS.get(step.op) ?? null) : null;
      const base = { step, added: false, order: order++ };
      if (!spec) {
        const note = step.op ? `no template for op "${step.op}": described only` : "no op: described only";
        planned.push({ ...base, spec: null, note, block: SECTION_BLOCK[section], phase: 99 });
        continue;
      }
      const unmet = unmetNeeds(spec, facts);
      const family = VALIDATION_OPS.has(spec.op) ? "validation-scheme" : spec.op;
      let note: string | null = unmet.length ? `not applicable here (needs ${unmet.join(", ")})` : null;
      if (!note && !MODEL_OPS.has(spec.op) && seen.has(family)) note = "repeats an earlier step: skipped";
      if (!note && MODEL_OPS.has(spec.op)) {
        const name = String(spec.parse(step.params).name);
        if (modelNames.has(name)) note = `a model named "${name}" exists already: skipped`;
        modelNames.add(name);
      }
      if (!note) seen.add(family);
      planned.push({ ...base, spec: note ? null : spec, note, block: SECTION_BLOCK[spec.section], phase: spec.phase });
    }
  }
  for (const { op, params } of requiredOps(facts)) {
    const spec = opSpec(op);
    const family = VALIDATION_OPS.has(op) ? "validation-scheme" : op;
    if (seen.has(family)) continue;
    seen.add(family);
    const step = defaultStep(op, params);
    planned.push({ step, spec, note: null, added: true, block: SECTION_BLOCK[spec.section], phase: spec.phase, order: order++ });
  }
  if (modelNames.size === 0) {
    const linear = facts.profile.taskType === "regression" ? "ridge" : "logistic_regression";
    const spec = opSpec(facts.flags.has("text") ? linear : "hist_gradient_boosting");
    planned.push({ step: defaultStep(spec.op), spec, note: null, added: true, block: "model", phase: spec.phase, order: order++ });
  }
  const blocks: Plan = { preprocessing: [], model: [], training: [], submission: [] };
  const sectionRank = (s: PlannedStep) => (s.spec?.section === "training" ? 1 : 0);
  planned
    .sort((a, b) => sectionRank(a) - sectionRank(b) || a.phase - b.phase || a.order - b.order)
    .forEach((p) => blocks[p.block].push({ step: p.step, spec: p.spec, note: p.note, added: p.added }));
  return blocks;
}
