import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { STAGES, type RoleUsage, type Stage } from "./result.js";

/** What bench takes from a run's events.jsonl. */
export interface RunEventsSummary {
  /** Wall seconds per stage (overlapping steps, e.g. parallel candidates, count once). */
  stages: Record<Stage, number>;
  /** Model calls and tokens per role. */
  usage: Record<string, RoleUsage>;
  /** Fix steps logged. */
  fixes: number;
}

/** One events.jsonl line, as far as bench reads it. */
interface EventLine {
  at?: unknown;
  node?: unknown;
  ms?: unknown;
  usage?: Record<string, Partial<RoleUsage>>;
}

/** The stage a node's time counts toward. */
export function stageOf(node: string): Stage {
  if (node === "load-task" || node === "profile-data") return "prepare";
  if (node === "rank-instructions" || node === "research" || node === "decide" || node === "review") return "instructions";
  if (node.startsWith("code-") || node === "integrate") return "codegen";
  if (node === "execute" || node === "check" || node === "fix") return node;
  return "other";
}

/** Reads `<runDir>/events.jsonl` (absent: empty summary; unparsable lines are skipped). */
export async function readRunEvents(runDir: string): Promise<RunEventsSummary> {
  const text = await readFile(join(runDir, "events.jsonl"), "utf8").catch(() => "");
  const intervals = new Map<Stage, [number, number][]>(STAGES.map((s) => [s, []]));
  const usage: Record<string, RoleUsage> = {};
  let fixes = 0;
  for (const line of text.split("\n")) {
    const event = parseLine(line);
    if (!event || typeof event.node !== "string") continue;
    if (event.node === "fix") fixes++;
    const end = typeof event.at === "string" ? Date.parse(event.at) : Number.NaN;
    if (typeof event.ms === "number" && Number.isFinite(end)) intervals.get(stageOf(event.node))!.push([end - event.ms, end]);
    for (const [role, u] of Object.entries(event.usage ?? {})) {
      const total = (usage[role] ??= { calls: 0, inputTokens: 0, outputTokens: 0, cost: 0 });
      total.calls += u.calls ?? 0;
      total.inputTokens += u.inputTokens ?? 0;
      total.outputTokens += u.outputTokens ?? 0;
      total.cost = typeof total.cost === "number" && typeof u.cost === "number" ? total.cost + u.cost : null;
    }
  }
  const stages = Object.fromEntries(STAGES.map((s) => [s, unionSeconds(intervals.get(s)!)])) as Record<Stage, number>;
  return { stages, usage, fixes };
}

/** Seconds covered by the union of [start, end] millisecond intervals. */
function unionSeconds(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let until = Number.NEGATIVE_INFINITY;
  for (const [start, end] of sorted) {
    if (end <= until) continue;
    covered += end - Math.max(start, until);
    until = end;
  }
  return covered / 1000;
}

function parseLine(line: string): EventLine | null {
  if (!line.trim()) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null ? (value as EventLine) : null;
  } catch {
    return null;
  }
}
