import type { z } from "zod";
import type { InstructionSection, TaxonomyTag } from "../../../types/instruction.js";
import type { Fact, ProfileFacts } from "../facts.js";

/** What every template sees when it renders. */
export interface RenderContext {
  /** Facts and column groups of the task. */
  facts: ProfileFacts;
  /** Quick race run: a sample of rows and fewer folds. */
  quick: boolean;
}

/** Python produced by one template: imports for the block top, and the code lines. */
export interface Rendered {
  /** Import lines, deduplicated per block. */
  imports: string[];
  /** Code lines (without the step comment, which the block renderer writes). */
  lines: string[];
}

/** Descriptive fields shared by an op definition and its registered spec. */
interface OpMeta {
  /** Operation id as written in Step.op. */
  op: string;
  /** The instruction section the step belongs to. */
  section: InstructionSection;
  /** Canonical order inside the section (lower first). */
  phase: number;
  /** Code4ML taxonomy tag of the step. */
  tag: TaxonomyTag;
  /** Library the code uses. */
  library: string;
  /** Default sentence for the step. */
  text: string;
  /** Facts that must all hold for the step to apply (the instructor drops it otherwise). */
  needs: Fact[];
  /** What the step touches in this task (e.g. "Cabin, Name"), appended to its sentence; null when nothing to name. */
  detail?: (facts: ProfileFacts) => string | null;
}

/** An op as written in a template file: metadata, a parameter schema and a renderer. */
export interface OpDefinition<S extends z.ZodType> extends OpMeta {
  /** Parameter schema with defaults for every field. */
  params: S;
  /** Writes the step's Python from parsed parameters. */
  render(ctx: RenderContext, params: z.output<S>): Rendered;
}

/** A registered op: parameters are validated on every use. */
export interface OpSpec extends OpMeta {
  /** Validates step parameters and fills defaults; throws a ZodError on bad parameters. */
  parse(params: unknown): Record<string, unknown>;
  /** Validates the parameters and writes the step's Python. */
  render(ctx: RenderContext, params: unknown): Rendered;
}

/** Turns a typed op definition into a registered op. */
export function defineOp<S extends z.ZodType<Record<string, unknown>>>(definition: OpDefinition<S>): OpSpec {
  const { params: schema, render, ...meta } = definition;
  return {
    ...meta,
    parse: (params) => schema.parse(params ?? {}),
    render: (ctx, params) => render(ctx, schema.parse(params ?? {})),
  };
}

/** Builds a Rendered value. */
export function rendered(imports: string[], lines: string[]): Rendered {
  return { imports, lines };
}
