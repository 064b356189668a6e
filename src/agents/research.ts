import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Critique } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";

/** Node research: the Researcher names the flaws of every candidate. */
export async function researchNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  if (state.candidates.length === 0) throw new Error("research needs at least one candidate instruction");
  const result = await engine.research(input, state.candidates);
  await writeRawReplies(input.runDir, "researcher", result.raw);
  await writeJsonArtifact(input.runDir, "critique.json", result.value);
  await writeArtifact(input.runDir, "critique.md", renderCritiques(result.value));
  return { critiques: result.value, usage: result.usage, fallbacks: result.fallbacks ?? [] };
}

/** Renders critiques as markdown for people. */
function renderCritiques(critiques: Critique[]): string {
  const lines = ["# Researcher's critique", ""];
  for (const c of critiques) {
    lines.push(`## Candidate ${c.rank}`, "");
    if (c.flaws.length === 0) lines.push("No flaws found.");
    for (const f of c.flaws) lines.push(`- **${f.severity}**: ${f.issue}${f.fix ? ` Fix: ${f.fix}` : ""}`);
    if (c.strengths.length) lines.push("", "Strengths:", ...c.strengths.map((s) => `- ${s}`));
    lines.push("");
  }
  return lines.join("\n");
}
