import type { Decision, Instruction } from "../../types/instruction.js";
import { InstructionSchema } from "../../types/instruction.js";
import { checkCandidate, type Finding } from "./checks.js";
import type { ProfileFacts } from "./facts.js";

/** Penalty per flaw severity when choosing without a race. */
const SEVERITY_COST = { critical: 20, major: 5, minor: 1 } as const;
/** Penalty per rank step (the instructor's fit order). */
const RANK_COST = 4;
/** Rounds of repair (a repair may reveal a follow-up flaw, e.g. text features need a linear model). */
const REPAIR_ROUNDS = 3;

/** A candidate with its findings and its repaired instruction. */
export interface Assessed {
  /** The candidate as the instructor wrote it. */
  candidate: Instruction;
  /** Rule findings on the candidate. */
  findings: Finding[];
  /** The candidate with every finding repaired. */
  repaired: Instruction;
  /** Fixes applied, in order. */
  fixes: string[];
  /** Rule-based cost: severity of flaws plus rank. */
  cost: number;
}

/** Applies every finding's repair, re-checking until clean or out of rounds. */
export function repair(facts: ProfileFacts, instruction: Instruction): { instruction: Instruction; fixes: string[] } {
  let current = instruction;
  const fixes: string[] = [];
  for (let round = 0; round < REPAIR_ROUNDS; round++) {
    const findings = checkCandidate(facts, current);
    if (findings.length === 0) break;
    const seen = new Set<string>();
    for (const finding of findings) {
      if (seen.has(finding.fix)) continue;
      seen.add(finding.fix);
      current = finding.repair(current);
      fixes.push(finding.fix);
    }
  }
  return { instruction: InstructionSchema.parse(current), fixes };
}

/** Assesses every candidate: findings, repaired version and rule-based cost. */
export function assess(facts: ProfileFacts, candidates: Instruction[]): Assessed[] {
  return candidates.map((candidate, index) => {
    const findings = checkCandidate(facts, candidate);
    const { instruction, fixes } = repair(facts, candidate);
    const cost = findings.reduce((sum, f) => sum + SEVERITY_COST[f.severity], 0) + RANK_COST * index;
    return { candidate, findings, repaired: instruction, fixes, cost };
  });
}

const tally = (findings: Finding[]) => {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  return `${count("critical")} critical, ${count("major")} major, ${count("minor")} minor`;
};

/** Chooses by rule cost, or by raced scores when given; writes the decision with its rationale. */
export function decideFrom(
  assessed: Assessed[],
  race: { scores: Record<string, number | null>; higherIsBetter: boolean; how?: string } | null,
): Decision {
  const byCost = [...assessed].sort((a, b) => a.cost - b.cost);
  let chosen = byCost[0];
  const lines: string[] = [];
  if (race) {
    const scored = assessed.filter((a) => race.scores[String(a.candidate.rank)] != null);
    const value = (a: Assessed) => race.scores[String(a.candidate.rank)] ?? Number.NaN;
    if (scored.length) {
      chosen = scored.reduce((best, a) => {
        const delta = (value(a) - value(best)) * (race.higherIsBetter ? 1 : -1);
        return delta > 1e-12 || (Math.abs(delta) <= 1e-12 && a.cost < best.cost) ? a : best;
      });
      const shown = assessed.map((a) => `#${a.candidate.rank} ${race.scores[String(a.candidate.rank)]?.toFixed(5) ?? "failed"}`);
      lines.push(
        `${race.how ?? "Raced the repaired candidates with a quick cross-validation on a sample"} (${race.higherIsBetter ? "higher" : "lower"} is better): ${shown.join(", ")}.`,
      );
    } else {
      lines.push("Every measured candidate failed, so the choice falls back to the rule checks.");
    }
  }
  lines.push(
    `Chose candidate #${chosen.candidate.rank}, "${chosen.candidate.title}"${race ? "" : ": the fewest and mildest flaws for its fit rank"}.`,
    `Flaws found: ${assessed.map((a) => `#${a.candidate.rank} ${tally(a.findings)}`).join("; ")}.`,
  );
  lines.push(
    chosen.fixes.length ? `Repaired in the final instruction: ${chosen.fixes.join(" ")}` : "The chosen candidate needed no repair.",
  );
  const instruction = chosen.fixes.length
    ? { ...chosen.repaired, summary: `${chosen.repaired.summary} Decider's repairs: ${chosen.fixes.join(" ")}` }
    : chosen.repaired;
  return {
    chosen: chosen.candidate.rank,
    rationale: lines.join(" "),
    instruction: InstructionSchema.parse(instruction),
    ...(race ? { raceScores: race.scores } : {}),
  };
}
