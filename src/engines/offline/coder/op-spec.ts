import type { z } from "zod";
import type { InstructionSection, TaxonomyTag } from "../../../types/instruction.js";
import type { Fact, ProfileFacts } from "../facts.js";
import type { PyValue } from "./python.js";

/** What every op sees when it writes its call. */
export interface RenderContext {
  /** Facts and column groups of the task. */
  facts: ProfileFacts;
  /** Quick race run: a sample of rows and fewer folds. */
  quick: boolean;
}

/** Descriptive fields shared by an op definition and its registered spec. */
interface OpMeta {
  /** Operation id as written in Step.op; also the Python function in python/linguacodus_ops. */
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

/** An op as the coder defines it: metadata, a parameter schema and the keyword arguments of its Python call. */
export interface OpDefinition<S extends z.ZodType> extends OpMeta {
  /** Parameter schema with defaults for every field. */
  params: S;
  /** Keyword arguments of the call from parsed parameters and the task (default: the parameters as they are). */
  call?(ctx: RenderContext, params: z.output<S>): Record<string, PyValue>;
}

/** A registered op: parameters are validated on every use. */
export interface OpSpec extends OpMeta {
  /** Validates step parameters and fills defaults; throws a ZodError on bad parameters. */
  parse(params: unknown): Record<string, unknown>;
  /** Validates the parameters and gives the keyword arguments of the Python call. */
  call(ctx: RenderContext, params: unknown): Record<string, PyValue>;
}

/** Turns a typed op definition into a registered op. */
export function defineOp<S extends z.ZodType<Record<string, PyValue>>>(definition: OpDefinition<S>): OpSpec {
  const { params: schema, call, ...meta } = definition;
  return {
    ...meta,
    parse: (params) => schema.parse(params ?? {}),
    call: (ctx, params) => {
      const parsed = schema.parse(params ?? {});
      return call ? call(ctx, parsed) : parsed;
    },
  };
}
