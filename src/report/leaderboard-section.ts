/**
 * The report.html leaderboard: every candidate instruction with its holdout score and the script's
 * claim (measured selection), the Researcher's flaws and which was chosen; then the Decider's
 * instruction and the improvement rounds.
 */
import { ordered } from "../graph/linguacodus/search.js";
import type { State } from "../graph/linguacodus/state.js";
import type { RunSummary } from "../graph/linguacodus/summary.js";
import type { Trial } from "../types/trial.js";
import { escapeHtml as esc, formatScore } from "./format.js";

/** The script's claim of a validation run, or why it has none. */
function claim(t: Trial): string {
  return t.reportedScore !== null ? formatScore(t.reportedScore) : t.reportedNote ? `none (${t.reportedNote})` : "none";
}

/** Candidates best first when measured (by holdout score in the metric's direction, unscored last), else by rank. */
function byStanding(state: State, summary: RunSummary): State["candidates"] {
  const score = (rank: number) => summary.candidates.find((c) => c.rank === rank)?.holdoutScore ?? null;
  const sign = summary.higherIsBetter === false ? 1 : -1;
  return [...state.candidates].sort((a, b) => {
    const [x, y] = [score(a.rank), score(b.rank)];
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || a.rank - b.rank;
    return sign * (x - y) || a.rank - b.rank;
  });
}

/** The candidates table: rank, title, holdout score, script's claim, flaws, chosen. */
function candidatesHtml(state: State, summary: RunSummary): string {
  if (state.candidates.length === 0) return "<p>No candidates.</p>";
  const critiques = new Map((state.critiques ?? []).map((c) => [c.rank, c]));
  const trials = new Map(state.trials.filter((t) => t.source === "candidate").map((t) => [t.rank, t]));
  const measured = trials.size > 0;
  const chosenRank = summary.candidates.find((c) => c.chosen)?.rank ?? state.decision?.chosen ?? null;
  const rows = byStanding(state, summary).map((c) => {
    const flaws = critiques.get(c.rank)?.flaws ?? [];
    const flawCell = flaws.length
      ? flaws.map((f) => `<span class="flaw ${f.severity}">${f.severity}: ${esc(f.issue)}</span>`).join("<br>")
      : "none";
    const trial = trials.get(c.rank);
    const chosen = c.rank === chosenRank;
    const scores = measured
      ? `<td class="num score">${trial ? formatScore(trial.holdoutScore) : "—"}${trial?.failure ? `<br><span class="why">${esc(trial.failure)}</span>` : ""}</td><td class="num">${trial ? esc(claim(trial)) : "—"}</td>`
      : "";
    return `<tr class="candidate${chosen ? " chosen" : ""}" data-rank="${c.rank}"><td>${c.rank}</td><td>${esc(c.title)}<br><span class="why">${esc(c.summary)}</span></td>${scores}<td>${flawCell}</td><td>${chosen ? "chosen" : ""}</td></tr>`;
  });
  const scoreHeads = measured ? "<th>holdout score</th><th>script's claim</th>" : "";
  return `<table id="candidates"><tr><th>rank</th><th>instruction</th>${scoreHeads}<th>flaws found</th><th>chosen</th></tr>${rows.join("")}</table>`;
}

/** The Decider's instruction's run and the improvement rounds, in order. */
function roundsHtml(state: State, summary: RunSummary): string {
  const rows = ordered(state.trials)
    .filter((t) => t.source !== "candidate")
    .map((t) => {
      const best = t.key === summary.bestRun;
      const kept = t.source === "improvement" ? (summary.rounds.find((r) => r.key === t.key)?.kept ? "kept" : "not kept") : "";
      return `<tr class="${best ? "chosen" : ""}"><td>${esc(t.key)}${best ? " (submitted)" : ""}</td><td>${esc(t.title)}${t.change ? `<br>${esc(t.change)}` : ""}</td><td class="num">${formatScore(t.holdoutScore)}</td><td class="num">${esc(claim(t))}</td><td>${esc(t.failure ?? kept)}</td></tr>`;
    })
    .join("");
  return rows
    ? `<h3>Decision and improvement rounds</h3><table id="rounds"><tr><th>run</th><th>instruction</th><th>holdout score</th><th>script's claim</th><th>failure / kept</th></tr>${rows}</table>`
    : "";
}

/** The leaderboard section. */
export function leaderboardHtml(state: State, summary: RunSummary): string {
  const holdout =
    summary.selection === "measured" && summary.holdout && "kind" in summary.holdout
      ? `Measured on the holdout (${summary.holdout.kind}: ${summary.holdout.folds} fold(s), ${summary.holdout.fitRows} fit rows, ${summary.holdout.holdoutRows} held out, seed ${summary.holdout.seed}); ${summary.higherIsBetter ? "higher" : "lower"} is better; the script's claim decides nothing.${summary.searchStop ? ` Search stopped: ${summary.searchStop}.` : ""}`
      : `Chosen by the Decider before any code ran${summary.holdout && "none" in summary.holdout ? ` (no holdout: ${summary.holdout.none})` : ""}.`;
  return `<section id="leaderboard"><h2>Candidate leaderboard</h2><p>${esc(holdout)}</p>${candidatesHtml(state, summary)}${roundsHtml(state, summary)}</section>`;
}
