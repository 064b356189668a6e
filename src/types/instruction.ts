import { z } from "zod";

/** Code4ML knowledge-taxonomy tags (the graph vertices of the Code4ML corpus). */
export const TAXONOMY_TAGS = [
  "Environment",
  "Data_Extraction",
  "EDA",
  "Visualization",
  "Data_Transform",
  "Feature_Engineering",
  "Model_Train",
  "Model_Evaluation",
  "Model_Interpretation",
  "Hyperparam_Tuning",
  "Data_Export",
  "Other",
] as const;

/** One taxonomy tag; unknown tags from a model are dropped rather than failing the parse. */
export const TaxonomyTagSchema = z.enum(TAXONOMY_TAGS);
export type TaxonomyTag = z.infer<typeof TaxonomyTagSchema>;

/** One step of an instruction: a sentence, plus optional machine-readable hints. */
export const StepSchema = z.object({
  /** The step as one readable sentence. */
  text: z.string().min(1),
  /** Code4ML taxonomy tag of the step. */
  tag: TaxonomyTagSchema.optional().catch(undefined),
  /** Library the step should use (e.g. "scikit-learn", "xgboost", "pandas"). */
  library: z.string().optional(),
  /** Operation id the offline coder renders (see src/engines/offline); models may leave it out. */
  op: z.string().optional(),
  /** Parameters of the operation (e.g. {"n_estimators": 400}). */
  params: z.record(z.string(), z.unknown()).optional(),
});
export type Step = z.infer<typeof StepSchema>;

/** The sections of an instruction, in the order code is generated from them. */
export const INSTRUCTION_SECTIONS = ["preprocessing", "model", "training", "validation", "submission"] as const;
export type InstructionSection = (typeof INSTRUCTION_SECTIONS)[number];

/** Section headings used in markdown renderings and in the llama2 free-text format. */
export const SECTION_HEADINGS: Record<InstructionSection, string> = {
  preprocessing: "Data preprocessing",
  model: "Model architecture",
  training: "Model training",
  validation: "Validation",
  submission: "Submission",
};

/** A high-level solution instruction, the unit the instructor ranks and the Decider improves. */
export const InstructionSchema = z.object({
  /** 1-based rank this instruction was written for ("for the i-th place"). */
  rank: z.number().int().min(1),
  /** Short title of the approach. */
  title: z.string().min(1),
  /** Two or three sentences on the approach as a whole. */
  summary: z.string(),
  /** Data preprocessing and feature-engineering steps. */
  preprocessing: z.array(StepSchema),
  /** Model architecture steps. */
  model: z.array(StepSchema),
  /** Model training steps. */
  training: z.array(StepSchema),
  /** Validation steps (how the model is scored before submission). */
  validation: z.array(StepSchema),
  /** Steps that produce the submission file. */
  submission: z.array(StepSchema),
});
export type Instruction = z.infer<typeof InstructionSchema>;

/** The Researcher's critique of one candidate. */
export const CritiqueSchema = z.object({
  /** Rank of the candidate criticised. */
  rank: z.number().int().min(1),
  /** Concrete flaws: wrong output form, leakage, unhandled columns, model/task mismatch, ... */
  flaws: z.array(
    z.object({
      /** Severity of the flaw. */
      severity: z.enum(["critical", "major", "minor"]).catch("major"),
      /** The flaw in one sentence. */
      issue: z.string(),
      /** How to fix it in one sentence. */
      fix: z.string().default(""),
    }),
  ),
  /** Strengths worth keeping. */
  strengths: z.array(z.string()).default([]),
});
export type Critique = z.infer<typeof CritiqueSchema>;

/** The Decider's decision. */
export const DecisionSchema = z.object({
  /** Rank of the chosen candidate (1-based). */
  chosen: z.number().int().min(1),
  /** Why this candidate, and what was improved. */
  rationale: z.string(),
  /** The improved final instruction. */
  instruction: InstructionSchema,
  /** Measured quick-CV scores per candidate rank when candidates were raced (offline --race). */
  raceScores: z.record(z.string(), z.number().nullable()).optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** Renders an instruction as the markdown people read and the instruction model is trained on. */
export function renderInstructionMarkdown(instruction: Instruction): string {
  const lines = [`# ${instruction.title}`, "", instruction.summary.trim(), ""];
  for (const section of INSTRUCTION_SECTIONS) {
    const steps = instruction[section];
    if (steps.length === 0) continue;
    lines.push(`## ${SECTION_HEADINGS[section]}`, "");
    steps.forEach((step, i) => {
      const hints = [step.tag, step.library].filter(Boolean).join(", ");
      lines.push(`${i + 1}. ${step.text.trim()}${hints ? ` [${hints}]` : ""}`);
    });
    lines.push("");
  }
  return lines.join("\n").trimEnd() + "\n";
}

const HEADING_TO_SECTION = new Map<string, InstructionSection>(
  INSTRUCTION_SECTIONS.flatMap((s) => {
    const base = SECTION_HEADINGS[s].toLowerCase();
    const aliases: Record<InstructionSection, string[]> = {
      preprocessing: [base, "preprocessing", "data preparation", "feature engineering"],
      model: [base, "model", "model selection", "architecture"],
      training: [base, "training"],
      validation: [base, "evaluation", "model evaluation", "cross-validation"],
      submission: [base, "prediction", "predictions", "output"],
    };
    return aliases[s].map((a) => [a, s] as const);
  }),
);

/**
 * Parses free text in the markdown form of renderInstructionMarkdown (or the paper's
 * "Data preprocessing: / Model architecture: / Model training:" form) into an Instruction.
 * Throws when no section with at least one step is found.
 */
export function parseInstructionMarkdown(text: string, rank: number): Instruction {
  const result: Instruction = {
    rank,
    title: "",
    summary: "",
    preprocessing: [],
    model: [],
    training: [],
    validation: [],
    submission: [],
  };
  let section: InstructionSection | null = null;
  const summary: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const title = /^#\s+(.+)$/.exec(line);
    if (title && !result.title && section === null) {
      result.title = title[1].trim();
      continue;
    }
    const heading = /^(?:#{1,6}\s*)?(?:\*\*)?([A-Za-z][A-Za-z -]+?)(?:\*\*)?\s*:?\s*(?:\*\*)?$/.exec(line);
    const matched = heading ? HEADING_TO_SECTION.get(heading[1].trim().toLowerCase()) : undefined;
    if (matched) {
      section = matched;
      continue;
    }
    const inline = /^(?:\*\*)?([A-Za-z][A-Za-z -]+?)(?:\*\*)?:\s+(.+)$/.exec(line);
    const inlineSection = inline ? HEADING_TO_SECTION.get(inline[1].trim().toLowerCase()) : undefined;
    if (inline && inlineSection) {
      section = inlineSection;
      result[section].push(parseStepLine(inline[2]));
      continue;
    }
    if (section === null) {
      summary.push(line);
      continue;
    }
    const item = /^(?:[-*+]|\d+[.)])\s+(.+)$/.exec(line);
    result[section].push(parseStepLine(item ? item[1] : line));
  }
  const stepCount = INSTRUCTION_SECTIONS.reduce((n, s) => n + result[s].length, 0);
  if (stepCount === 0) {
    throw new Error(
      "no instruction steps found: expected sections such as 'Data preprocessing', 'Model architecture', 'Model training' with steps",
    );
  }
  result.summary = summary.join(" ");
  if (!result.title) result.title = result.summary.split(/[.!?]/)[0]?.slice(0, 80) || `Instruction ${rank}`;
  return InstructionSchema.parse(result);
}

/** Library names a step's trailing [tag, library] hint may carry. */
const KNOWN_LIBRARIES = new Set([
  "pandas",
  "numpy",
  "scikit-learn",
  "sklearn",
  "xgboost",
  "scipy",
  "lightgbm",
  "catboost",
  "tensorflow",
  "keras",
  "pytorch",
  "torch",
  "transformers",
  "statsmodels",
  "nltk",
]);

/** Splits "text [tag, library]" into its parts; a bracket that is not such a hint stays in the text. */
function parseStepLine(line: string) {
  const hint = /\s\[([^\]]+)\]$/.exec(line);
  if (!hint) return { text: line.trim() };
  const parts = hint[1].split(",").map((p) => p.trim());
  const isTag = (p: string) => (TAXONOMY_TAGS as readonly string[]).includes(p);
  if (parts.length > 2 || !parts.every((p) => isTag(p) || KNOWN_LIBRARIES.has(p.toLowerCase()))) return { text: line.trim() };
  const tag = parts.find(isTag) as TaxonomyTag | undefined;
  const library = parts.find((p) => !isTag(p));
  return { text: line.slice(0, hint.index).trim(), ...(tag ? { tag } : {}), ...(library ? { library } : {}) };
}
