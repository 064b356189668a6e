import type { ModelUsage } from "./usage.js";

/** A model-backed step that failed after the model answered: keeps every raw reply and its cost. */
export class StepError extends Error {
  /** Builds the error with the replies and usage that must not be lost. */
  constructor(
    message: string,
    readonly raw: string[],
    readonly usage: ModelUsage[],
  ) {
    super(message);
  }
}

/** A coder or fixer reply that holds no code. */
export class NoCodeReplyError extends StepError {
  override readonly name = "NoCodeReplyError";
}
