import { z } from "zod";
import { InstructionSchema, TaxonomyTagSchema, TAXONOMY_TAGS, type Instruction, type Step } from "../../types/instruction.js";

/*
 * The replies of the structured roles, as zod schemas: the one source of what is sent to the
 * server (json_schema response format, tool parameters), shown in prompts and validated. Every
 * field is present in the output JSON Schema's `required` list (optional fields are nullable with
 * a default), so servers that enforce strict schemas (OpenAI sets `strict: true`) accept them.
 */

/** A string that must hold text (a refinement, so it adds no keyword strict servers refuse). */
const nonEmpty = () => z.string().refine((s) => s.trim().length > 0, "must not be empty");

/** One step as a model writes it. */
export const StepReplySchema = z.object({
  /** The step. */
  text: nonEmpty().describe("One concrete, imperative sentence (model class, key hyperparameters, features, validation scheme)"),
  /** Code4ML taxonomy tag (an unknown tag becomes null). */
  tag: TaxonomyTagSchema.nullable().catch(null).describe("Code4ML taxonomy tag of the step"),
  /** Main library, or null. */
  library: z.string().nullable().default(null).describe("Main Python library the step uses (e.g. pandas, scikit-learn), or null"),
});

const steps = (what: string) => z.array(StepReplySchema).describe(what);

/** What the instructor (and the extractor) return: an instruction without its rank (the graph assigns it). */
export const InstructionReplySchema = z.object({
  /** Short name of the approach. */
  title: nonEmpty().describe("Short name of the approach"),
  /** Two or three sentences. */
  summary: z.string().describe("Two or three sentences on the approach as a whole"),
  /** Preprocessing steps. */
  preprocessing: steps("Data preprocessing and feature-engineering steps"),
  /** Model steps. */
  model: steps("Model architecture steps"),
  /** Training steps. */
  training: steps("Model training steps"),
  /** Validation steps; models often leave them out. */
  validation: steps("Validation steps: how the model is scored before submission").default([]),
  /** Submission steps; models often leave them out. */
  submission: steps("Steps that write the submission file").default([]),
});
export type InstructionReply = z.infer<typeof InstructionReplySchema>;

/** The Researcher's critique of one candidate. */
export const CritiqueReplySchema = z.object({
  /** Rank of the candidate. */
  rank: z.number().int().min(1).describe("Rank of the candidate criticised"),
  /** Its flaws. */
  flaws: z
    .array(
      z.object({
        /** Severity. */
        severity: z.enum(["critical", "major", "minor"]).catch("major").describe("critical, major or minor"),
        /** The flaw. */
        issue: z.string().describe("The flaw in one sentence"),
        /** The fix. */
        fix: z.string().default("").describe("How to fix it in one sentence"),
      }),
    )
    .describe("Concrete flaws: wrong output form, leakage, unhandled columns, model/task mismatch, ..."),
  /** Strengths. */
  strengths: z.array(z.string()).default([]).describe("Strengths worth keeping"),
});

/** What the Researcher returns. */
export const CritiquesReplySchema = z.object({
  /** One critique per candidate. */
  critiques: z.array(CritiqueReplySchema).describe("One critique per candidate"),
});

/** What the Decider returns. */
export const DecisionReplySchema = z.object({
  /** Rank of the chosen candidate. */
  chosen: z.number().int().min(1).describe("Rank of the chosen candidate"),
  /** Why, and what was improved. */
  rationale: z.string().describe("Why this candidate, and what was improved"),
  /** The improved final instruction. */
  instruction: InstructionReplySchema.describe("The improved final instruction"),
});

/** The Researcher's improvement: one concrete change, and the instruction with it made. */
export const ImprovementReplySchema = z.object({
  /** The change. */
  change: nonEmpty().describe("The one concrete change, in one sentence (what and why it should raise the holdout score)"),
  /** The instruction with the change. */
  instruction: InstructionReplySchema.describe("The best solution's instruction with the change made (complete, not a diff)"),
});

/** A reply step as a domain Step (nulls dropped). */
function toStep(step: z.infer<typeof StepReplySchema>): Step {
  return { text: step.text, ...(step.tag ? { tag: step.tag } : {}), ...(step.library ? { library: step.library } : {}) };
}

/** An instruction reply (validated by InstructionReplySchema) as a domain instruction without rank. */
export function fromInstructionReply(reply: InstructionReply): Omit<Instruction, "rank"> {
  const { rank: _rank, ...instruction } = InstructionSchema.parse({
    rank: 1,
    title: reply.title,
    summary: reply.summary,
    preprocessing: reply.preprocessing.map(toStep),
    model: reply.model.map(toStep),
    training: reply.training.map(toStep),
    validation: reply.validation.map(toStep),
    submission: reply.submission.map(toStep),
  });
  return instruction;
}

/** A reply schema as the compact JSON Schema text prompts show the model. */
export function schemaText(schema: z.ZodType): string {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io: "output" });
  return JSON.stringify(jsonSchema);
}

/** The taxonomy tags, comma-separated, for prompts. */
export const TAG_LIST = TAXONOMY_TAGS.join(", ");
