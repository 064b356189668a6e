import { z } from "zod";
import { CritiqueSchema, InstructionSchema, StepSchema, TAXONOMY_TAGS } from "../../types/instruction.js";

/** What the instructor returns: an instruction without its rank (the graph assigns it). */
export const InstructionReplySchema = InstructionSchema.omit({ rank: true }).extend({
  /** Models often leave out the sections they consider obvious. */
  validation: z.array(StepSchema).default([]),
  /** Models often leave out the sections they consider obvious. */
  submission: z.array(StepSchema).default([]),
});

/** What the Researcher returns. */
export const CritiquesReplySchema = z.object({ critiques: z.array(CritiqueSchema) });

/** What the Decider returns. */
export const DecisionReplySchema = z.object({
  /** Rank of the chosen candidate. */
  chosen: z.number().int().min(1),
  /** Why, and what was improved. */
  rationale: z.string(),
  /** The improved final instruction. */
  instruction: InstructionReplySchema,
});

const STEP_EXAMPLE = `{"text": "one concrete sentence", "tag": "Data_Transform", "library": "pandas"}`;

/** The JSON shape shown to the model for an instruction. */
export const INSTRUCTION_SHAPE = `{"title": "short name of the approach", "summary": "two or three sentences", "preprocessing": [${STEP_EXAMPLE}, ...], "model": [...], "training": [...], "validation": [...], "submission": [...]}`;

/** The JSON shape shown to the model for critiques. */
export const CRITIQUES_SHAPE = `{"critiques": [{"rank": 1, "flaws": [{"severity": "critical|major|minor", "issue": "...", "fix": "..."}], "strengths": ["..."]}, ...]}`;

/** The JSON shape shown to the model for a decision. */
export const DECISION_SHAPE = `{"chosen": 1, "rationale": "...", "instruction": ${INSTRUCTION_SHAPE}}`;

/** The taxonomy tags, comma-separated, for prompts. */
export const TAG_LIST = TAXONOMY_TAGS.join(", ");
