/** The library entry point: the compiled graphs, their builders, context and state, the LangChain tool, checkpointers, experience stores. */
export { graph, invokeWholeState, linguacodusBuilder } from "./graph/linguacodus/graph.js";
export { graph as instructionsGraph } from "./graph/instructions/graph.js";
export { graph as codegenGraph } from "./graph/codegen/graph.js";
export { LinguacodusContext, makeContext, readContext, type Context } from "./graph/linguacodus/context.js";
export {
  LinguacodusInput,
  LinguacodusOutput,
  LinguacodusState,
  type Output,
  type ReviewAnswer,
  type ReviewRequest,
  type RunStatus,
  type State,
  type StateUpdate,
} from "./graph/linguacodus/state.js";
export type { AttemptSummary, RunSummary, SummaryStatus } from "./graph/linguacodus/summary.js";
export type { Attempt, CheckResult } from "./types/attempt.js";
export {
  currentAttempt,
  currentFailure,
  currentVersion,
  fixAttempts,
  fixHistory,
  lastCheck,
  lastExecution,
} from "./graph/linguacodus/attempts.js";
export { abortReason, recordCancel } from "./graph/linguacodus/cancel.js";
export { resumeInput } from "./graph/linguacodus/resume.js";
export type { ServiceOverrides } from "./graph/linguacodus/services.js";
export { createSolveMlTaskTool, solveMlTask, SolveMlTaskSchema } from "./tools/langchain/solve-ml-task.js";
export { openRunCheckpointer } from "./run/checkpointer.js";
export { createPostgresCheckpointer, type PostgresCheckpointerOptions } from "./run/postgres-checkpointer.js";
export { createPostgresExperienceStore, type PostgresExperienceStoreOptions } from "./memory/postgres-store.js";
export { SqliteStore } from "./memory/sqlite-store.js";
export { EXPERIENCE_NAMESPACE } from "./memory/experience-store.js";
export type { ExperienceRecord, ExperienceMode } from "./types/experience.js";
export { parseProgressEvent, type ProgressEvent } from "./types/progress-events.js";
