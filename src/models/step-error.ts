import type { Fallback } from "./mechanism.js";
import type { ModelUsage } from "./usage.js";

/** A model-backed step that failed after the model answered: keeps every raw reply, its cost and any structured-output fallback. */
export class StepError extends Error {
  /** Builds the error with the replies, usage and fallbacks that must not be lost. */
  constructor(
    message: string,
    readonly raw: string[],
    readonly usage: ModelUsage[],
    readonly fallbacks: Fallback[] = [],
  ) {
    super(message);
  }
}

/** A coder or fixer reply that holds no code (or was over the reply cap). */
export class NoCodeReplyError extends StepError {
  override readonly name = "NoCodeReplyError";
}
