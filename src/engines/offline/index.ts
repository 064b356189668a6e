import type { Critique, Decision, Instruction } from "../../types/instruction.js";
import {
  type CodeBlock,
  type Engine,
  type EngineInput,
  type EngineResult,
  type FailureReport,
  type Improvement,
  type ImprovementBase,
  type Measured,
  NoFixError,
} from "../engine.js";
import { proposeImprovement } from "./improver.js";
import { renderConstantScript } from "./coder/constant.js";
import { caseBank } from "./case-bank.js";
import { higherIsBetterFor } from "./coder/metric.js";
import { plannedScript, planSecondsFor, renderBlock, renderScript } from "./coder/render.js";
import { assess, decideFrom } from "./decider.js";
import { deriveFacts } from "./facts.js";
import { experiencePrior } from "./experience-prior.js";
import { nextRepair } from "./fixer.js";
import { instructionForRank } from "./instructor.js";
import { DEFAULT_RACE, raceCandidates, type RaceOptions } from "./race.js";
import type { CaseBank } from "./recipe.js";
import { critique } from "./researcher.js";
import { plainReference } from "./vanilla.js";
import { adaptToEnvironment } from "./environment.js";
import type { PlanEstimate } from "./coder/budget.js";

/** The plan's estimate in words, for the final instruction (the script prints it again, and the actual time after). */
function describeEstimate(estimate: PlanEstimate, seconds: number): string {
  const cuts = estimate.cuts.length ? ` Cut to fit: ${estimate.cuts.join("; ")}.` : "";
  return `Plan estimate: about ${estimate.total} s of a ${Math.round(seconds)} s budget.${cuts}`;
}

/** Options of the offline engine. */
export interface OfflineEngineOptions {
  /** Race the candidates with a quick cross-validation before deciding (the graph passes context.race). */
  race?: boolean;
  /** Limits of each race run. */
  raceOptions?: RaceOptions;
  /** A case bank to use instead of the shipped one (tests). */
  bank?: CaseBank;
  /** Wall-time limit of each script run in seconds (the graph passes context.execTimeoutSeconds); plans fit it. */
  wallSeconds?: number;
}

/** The model, training and submission blocks of a constant-target script (its first block does everything). */
const CONSTANT_BLOCK = "# The target is constant: the first block already wrote the submission.\n";

/** How measured scores were obtained, as the Decider's rationale says. */
const MEASURED_HOW = "Validation-ran every candidate; the harness scored each on the holdout rows";

/** Wraps an offline answer: no model usage, no raw replies. */
function result<T>(value: T): EngineResult<T> {
  return { value, usage: [], raw: [] };
}

/**
 * The knowledge-based engine: recipes from a case bank ranked by fit to the data profile, rule
 * checks as the Researcher, a rule- or race-based Decider, template rendering as the coder and
 * deterministic repairs as the fixer. Deterministic: the same profile gives the same outputs.
 */
export function createOfflineEngine(options: OfflineEngineOptions = {}): Engine {
  const bank = options.bank ?? caseBank();
  const wallSeconds = options.wallSeconds;
  return {
    name: "offline",
    async rankInstruction(input: EngineInput, rank: number): Promise<EngineResult<Instruction>> {
      const rejected = input.rejected?.map((c) => c.title) ?? [];
      const prior = experiencePrior(input.experience ?? []);
      return result(adaptToEnvironment(instructionForRank(bank, deriveFacts(input.profile), rank, rejected, prior), input.environment));
    },
    async research(input: EngineInput, candidates: Instruction[]): Promise<EngineResult<Critique[]>> {
      const facts = deriveFacts(input.profile);
      return result(candidates.map((candidate) => critique(facts, candidate)));
    },
    async decide(
      input: EngineInput,
      candidates: Instruction[],
      _critiques: Critique[],
      measured?: Measured,
    ): Promise<EngineResult<Decision>> {
      if (candidates.length === 0) throw new Error("the Decider needs at least one candidate");
      const facts = deriveFacts(input.profile);
      const assessed = assess(facts, candidates);
      if (input.profile.constantTarget !== null) return result(decideFrom(assessed, null));
      const race = measured
        ? {
            scores: Object.fromEntries(measured.scores.map((s) => [String(s.rank), s.holdoutScore])),
            higherIsBetter: measured.higherIsBetter,
            how: MEASURED_HOW,
          }
        : options.race
          ? {
              scores: await raceCandidates(
                input,
                facts,
                assessed.map((a) => a.repaired),
                options.raceOptions ?? DEFAULT_RACE,
              ),
              higherIsBetter: higherIsBetterFor(input.profile),
            }
          : null;
      const decision = decideFrom(assessed, race);
      const { estimate } = plannedScript(facts, decision.instruction, { wallSeconds });
      return result({
        ...decision,
        instruction: {
          ...decision.instruction,
          summary: `${decision.instruction.summary} ${describeEstimate(estimate, planSecondsFor(facts, wallSeconds))}`,
        },
      });
    },
    async improve(input: EngineInput, base: ImprovementBase): Promise<EngineResult<Improvement | null>> {
      const facts = deriveFacts(input.profile);
      const prior = experiencePrior(input.experience ?? []);
      const nextRecipe = (rank: number) => adaptToEnvironment(instructionForRank(bank, facts, rank, [], prior), input.environment);
      return result(proposeImprovement(base, facts, nextRecipe, bank.recipes.length));
    },
    async writeBlock(input: EngineInput, instruction: Instruction, block: CodeBlock): Promise<EngineResult<string>> {
      if (input.profile.constantTarget !== null) {
        return result(block === "preprocessing" ? renderConstantScript(input.profile) : CONSTANT_BLOCK);
      }
      return result(renderBlock(deriveFacts(input.profile), instruction, block, { wallSeconds }));
    },
    async fix(input: EngineInput, instruction: Instruction | null, code: string, failure: FailureReport): Promise<EngineResult<string>> {
      if (input.profile.constantTarget !== null) throw new NoFixError(`the constant-target script failed: ${failure.summary}`);
      const facts = deriveFacts(input.profile);
      const base = instruction ?? adaptToEnvironment(plainReference(bank, facts), input.environment);
      const repaired = nextRepair(facts, base, code, failure);
      return result(renderScript(facts, repaired.instruction, { fixes: repaired.fixes, wallSeconds }));
    },
    async vanilla(input: EngineInput): Promise<EngineResult<string>> {
      if (input.profile.constantTarget !== null) return result(renderConstantScript(input.profile));
      const facts = deriveFacts(input.profile);
      return result(renderScript(facts, adaptToEnvironment(plainReference(bank, facts), input.environment), { wallSeconds }));
    },
  };
}
