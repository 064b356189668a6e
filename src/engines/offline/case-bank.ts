import bankJson from "./case-bank.json" with { type: "json" };
import { INSTRUCTION_SECTIONS } from "../../types/instruction.js";
import { OPS } from "./coder/registry.js";
import { CaseBankSchema, type CaseBank } from "./recipe.js";

/** Checks what the schema cannot: known ops, valid params, forms and unique ids. Returns problems. */
export function checkBank(bank: CaseBank): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const recipe of bank.recipes) {
    if (ids.has(recipe.id)) problems.push(`${recipe.id}: duplicate recipe id`);
    ids.add(recipe.id);
    for (const section of INSTRUCTION_SECTIONS) {
      recipe.instruction[section].forEach((step, i) => {
        const where = `${recipe.id} ${section}[${i}]`;
        const spec = step.op ? OPS.get(step.op) : undefined;
        if (!spec) return problems.push(`${where}: unknown op "${step.op}"`);
        if (spec.section !== section) problems.push(`${where}: op ${spec.op} belongs in ${spec.section}`);
        if (!step.tag) problems.push(`${where}: no taxonomy tag`);
        try {
          spec.parse(step.params);
        } catch (error) {
          problems.push(`${where}: bad params for ${spec.op}: ${String(error)}`);
        }
      });
    }
    const forms = recipe.instruction.submission.filter((s) => s.op === "write_submission").map((s) => String(s.params?.form ?? "label"));
    if (forms.length !== 1) problems.push(`${recipe.id}: needs exactly one write_submission step`);
    if (forms.some((f) => !recipe.forms.some((declared) => declared === f)))
      problems.push(`${recipe.id}: writes ${forms} but declares ${recipe.forms}`);
  }
  return problems;
}

/** Parses and checks a case bank; throws with every problem listed. */
export function loadBank(raw: unknown): CaseBank {
  const bank = CaseBankSchema.parse(raw);
  const problems = checkBank(bank);
  if (problems.length) throw new Error(`invalid case bank:\n  ${problems.join("\n  ")}`);
  return bank;
}

/** The shipped case bank, validated once at first use. */
let shipped: CaseBank | null = null;

/** The shipped case bank (src/engines/offline/case-bank.json). */
export function caseBank(): CaseBank {
  shipped ??= loadBank(bankJson);
  return shipped;
}
