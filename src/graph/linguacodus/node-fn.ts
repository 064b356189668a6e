import type { Command, LangGraphRunnableConfig } from "@langchain/langgraph";
import type { State, StateUpdate } from "./state.js";

/** What a node returns: a state update, or a Command that also names where the run goes next. */
export type NodeResult = StateUpdate | Command;

/** A graph node: reads the state and the run config, returns a state update (or a Command). */
export type NodeFn<S = State, R extends NodeResult = StateUpdate> = (state: S, config: LangGraphRunnableConfig) => Promise<R>;

/** Where a node that routes itself goes when it fails (set by `budgeted`). */
export const STOP_TO = Symbol("stopTo");

/** A node that routes itself with Commands, and where it goes when it stops. */
export type Routed = { [STOP_TO]?: string };
