import { parseInstructionMarkdown } from "../types/instruction.js";
import type { InstructionSource } from "./extract.js";

/**
 * The corpus's own reference instructions (solutions/<id>.instruction.md, or `instruction` in JSONL)
 * as an instruction source: no model, for the sample corpus, tests and the GPU check.
 */
export function referenceSource(): InstructionSource {
  return {
    kind: "reference",
    label: "reference",
    async extract(task, _fields, solution) {
      if (solution.instruction === undefined) throw new Error(`solution ${task.id}/${solution.id} has no reference instruction`);
      const { rank: _rank, ...instruction } = parseInstructionMarkdown(solution.instruction, 1);
      return { instruction, usage: [], raw: [] };
    },
  };
}
