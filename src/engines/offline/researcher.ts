import type { Critique, Instruction } from "../../types/instruction.js";
import { checkCandidate, strengthsOf } from "./checks.js";
import type { ProfileFacts } from "./facts.js";

/** The Researcher's critique of one candidate: the rule findings as flaws, plus strengths. */
export function critique(facts: ProfileFacts, candidate: Instruction): Critique {
  return {
    rank: candidate.rank,
    flaws: checkCandidate(facts, candidate).map(({ severity, issue, fix }) => ({ severity, issue, fix })),
    strengths: strengthsOf(facts, candidate),
  };
}
