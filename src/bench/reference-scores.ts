/**
 * Reference scores of the development suite: one generic recipe per task (HistGradientBoosting,
 * or TF-IDF + logistic regression for text; no tuning) on the exact test sets.
 * Provenance: shared/tasks/README.md, table "Reference points on these exact test sets",
 * column "generic baseline", copied verbatim.
 * The floor (a constant sample_submission.csv) is not copied: bench grades each task's own
 * public/sample_submission.csv, which reproduces that table's "floor" column.
 */
export const GENERIC_BASELINE: Readonly<Record<string, number>> = {
  titanic: 0.7727,
  "house-prices": 0.1309,
  "spaceship-titanic": 0.8069,
  "bike-sharing-demand": 0.4285,
  "disaster-tweets": 0.7621,
  penguins: 0.9855,
};
