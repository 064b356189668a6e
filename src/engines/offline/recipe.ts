import { z } from "zod";
import { InstructionSchema } from "../../types/instruction.js";
import { SubmissionFormSchema, TaskTypeSchema } from "../../types/profile.js";
import { FACTS } from "./facts.js";

/** A fact name as recipes write it. */
export const FactSchema = z.enum(FACTS);

/** One instruction recipe of the case bank, with the conditions under which it applies. */
export const RecipeSchema = z
  .object({
    /** Stable id, e.g. "tabular-gbm-linear-blend-labels". */
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Approach family (recipes of one family differ only in output form or details). */
    family: z.string().min(1),
    /** Task types the recipe is written for. */
    taskTypes: z.array(TaskTypeSchema).min(1),
    /** Submission forms its write_submission step produces. */
    forms: z.array(SubmissionFormSchema).min(1),
    /** Facts that must hold for the recipe to apply. */
    requires: z.array(FactSchema).default([]),
    /** Facts that must not hold. */
    excludes: z.array(FactSchema).default([]),
    /** Base fit score. */
    base: z.number(),
    /** Score added for every fact that holds. */
    fit: z.partialRecord(FactSchema, z.number()).default({}),
    /** The instruction (rank is set when the instructor returns it). */
    instruction: InstructionSchema,
  })
  .strict();
export type Recipe = z.infer<typeof RecipeSchema>;

/** The case bank file: a version and the recipes. */
export const CaseBankSchema = z
  .object({
    /** Version of the bank's content; bump it when recipes change. */
    version: z.number().int().positive(),
    /** The recipes, in tie-breaking order. */
    recipes: z.array(RecipeSchema).min(1),
  })
  .strict();
export type CaseBank = z.infer<typeof CaseBankSchema>;
