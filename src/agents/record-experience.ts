import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { writeJsonArtifact } from "../run/artifacts.js";
import { recordExperience } from "../memory/record.js";
import { readContext } from "../graph/linguacodus/context.js";
import { submittedScore } from "../graph/linguacodus/search.js";
import { lastCheck } from "../graph/linguacodus/attempts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/**
 * Node record-experience: after the report, stores what this run teaches (task digest, profile
 * summary, instruction, holdout score and its relative score against the plain reference, time
 * and cost) in the run's LangGraph store, and keeps it as experience-recorded.json. Only with
 * experience on; a missing or failing store is noted there, never a failed run.
 */
export async function recordExperienceNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (readContext(config).experience !== "on" || !state.runDir) return {};
  const { task, profile, engine } = state;
  const store = config.store;
  let note: Record<string, unknown>;
  if (!store) note = { key: null, problem: "no store: the graph was run without a LangGraph store" };
  else if (!task || !profile || !engine) note = { key: null, problem: "the run ended before the task was loaded and profiled" };
  else {
    try {
      note = await recordExperience(store, {
        runId: state.runId,
        runDir: state.runDir,
        task,
        profile,
        engine,
        instruction: state.instruction,
        status: state.status === "running" ? "failed" : state.status,
        validationScore: lastCheck(state.attempts)?.ok ? submittedScore(state).score : null,
        startedAt: state.startedAt,
        usage: state.usage,
      });
    } catch (error) {
      note = { key: null, problem: `the experience store failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  await writeJsonArtifact(state.runDir, "experience-recorded.json", note);
  return {};
}
