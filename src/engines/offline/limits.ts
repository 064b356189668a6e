import type { DataProfile } from "../../types/profile.js";

/** How to point the run at a model, for errors about tasks only a model can attempt. */
const USE_A_MODEL =
  "a model engine could attempt it: configure one (LINGUACODUS_BASE_URL and LINGUACODUS_MODEL, or OPENAI_API_KEY) and run with --engine model";

/** Why the offline engine cannot solve a task a model could attempt, or null when it can. */
export function offlineLimitation(profile: DataProfile): string | null {
  if (profile.images) {
    const where = profile.images.dirs.length ? ` (in ${profile.images.dirs.join(", ")})` : "";
    return `this is an image task (${profile.images.files} image files${where}): the offline engine solves tabular and text tasks only; ${USE_A_MODEL}`;
  }
  if (profile.targetKind === "multi_target") {
    return `this is a multi-target task (the submission has ${profile.targetColumns.length} target columns: ${profile.targetColumns.join(", ")}): the offline engine predicts one target; ${USE_A_MODEL}`;
  }
  if (profile.targetKind === "multi_label") {
    return `this is a multi-label task (${profile.labelColumn} lists several labels per row, separated by ${JSON.stringify(profile.labelSeparator)}): the offline engine predicts one label per row; ${USE_A_MODEL}`;
  }
  return null;
}
