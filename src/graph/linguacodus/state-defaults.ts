import { LinguacodusState, type StateUpdate } from "./state.js";
import type { NodeFn } from "./node-fn.js";

/**
 * A graph's first node, its update completed with the state's defaults (fix attempts 0, no
 * failure, no holdout, ...): a graph whose input is narrower than the state (a subgraph used
 * alone) parses only its input, so every other channel would start unset.
 */
export function withStateDefaults(node: NodeFn): NodeFn {
  return async (state, config) => {
    const defaults: StateUpdate = LinguacodusState.partial().parse({});
    return { ...defaults, ...(await node(state, config)) };
  };
}
