/** Vega-Lite specs of the bench report's charts, built from the results. */
import type { TopLevelSpec } from "vega-lite";
import type { TopLevelFacetSpec } from "vega-lite/types_unstable/spec/index.js";
import { BenchModeSchema, STAGES, type TaskResult } from "../result.js";

/** Colours per series, shared by every chart so a mode reads the same everywhere. */
const SERIES_COLOURS = { floor: "#bab0ac", reference: "#4c78a8", pipeline: "#f58518", measured: "#e45756", vanilla: "#54a24b" } as const;
const STAGE_COLOURS = ["#9ecae9", "#4c78a8", "#f58518", "#e45756", "#72b7b2", "#eeca3b", "#bab0ac"];
const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

/** A titled chart spec. */
export interface ChartSpec {
  /** Element id of the chart in the page. */
  id: string;
  /** Heading above the chart. */
  title: string;
  /** What the chart shows, in one sentence under the heading. */
  caption: string;
  /** The Vega-Lite spec. */
  spec: TopLevelSpec;
}

/** The report's charts; those without data are left out. */
export function buildCharts(results: readonly TaskResult[]): ChartSpec[] {
  return [normalisedChart(results), scoreChart(results), validationChart(results), timeChart(results)].filter(
    (c): c is ChartSpec => c !== null,
  );
}

/** Normalised score per task and mode, with the floor (0) and the generic baseline (1) as rules. */
function normalisedChart(results: readonly TaskResult[]): ChartSpec | null {
  const rows = results
    .filter((r) => r.normalised !== null)
    .map((r) => ({ task: r.task, mode: r.mode, normalised: r.normalised, valid: r.valid }));
  if (rows.length === 0) return null;
  const modes = BenchModeSchema.options.filter((m) => rows.some((r) => r.mode === m));
  return {
    id: "chart-normalised",
    title: "Normalised score per task",
    caption:
      "(score − floor) / (generic baseline − floor): 0 is the constant sample submission, 1 the README's generic baseline; invalid submissions count 0.",
    spec: {
      width: 560,
      config: { font: FONT },
      layer: [
        {
          data: { values: rows },
          mark: { type: "bar", tooltip: true },
          encoding: {
            y: { field: "task", type: "nominal", title: null, sort: "ascending", axis: { labelLimit: 320 } },
            yOffset: { field: "mode", sort: modes },
            x: { field: "normalised", type: "quantitative", title: "normalised score" },
            color: { field: "mode", type: "nominal", scale: { domain: modes, range: modes.map((m) => SERIES_COLOURS[m]) }, title: "mode" },
          },
        },
        {
          data: { values: rows.filter((r) => r.valid) },
          mark: { type: "text", align: "left", dx: 3, fontSize: 9, color: "#333" },
          encoding: {
            y: { field: "task", type: "nominal", sort: "ascending" },
            yOffset: { field: "mode", sort: modes },
            x: { field: "normalised", type: "quantitative" },
            text: { field: "normalised", type: "quantitative", format: ".2f" },
          },
        },
        {
          data: { values: rows.filter((r) => !r.valid) },
          mark: { type: "text", align: "left", dx: 4, fontSize: 10, color: "#b00020" },
          encoding: {
            y: { field: "task", type: "nominal", sort: "ascending" },
            yOffset: { field: "mode", sort: modes },
            x: { datum: 0, type: "quantitative" },
            text: { value: "invalid" },
          },
        },
        {
          data: {
            values: [
              { at: 0, label: "floor" },
              { at: 1, label: "generic baseline" },
            ],
          },
          mark: { type: "rule", strokeDash: [4, 3], color: "#333" },
          encoding: { x: { field: "at", type: "quantitative" }, tooltip: { field: "label" } },
        },
      ],
    },
  };
}

/** A score as a value label: four significant digits, trailing zeros dropped (0.7727, 21350, 0.1). */
const LABEL_FORMAT = ".4~r";

/** Raw score per task against the floor, the generic baseline and the other mode (one panel per task, own scale, not from zero). */
function scoreChart(results: readonly TaskResult[]): ChartSpec | null {
  const tasks = [...new Set(results.map((r) => r.task))].sort();
  const rows = tasks.flatMap((task) => {
    const own = results.filter((r) => r.task === task && r.seed === 0);
    if (own.length === 0) return [];
    const panel = `${task} — ${own[0].metric} (${own[0].direction} is better)`;
    const points: { panel: string; series: string; score: number }[] = [];
    if (own[0].floor !== null) points.push({ panel, series: "floor", score: own[0].floor });
    if (own[0].reference !== null) points.push({ panel, series: "reference", score: own[0].reference });
    for (const r of own) if (r.score !== null) points.push({ panel, series: r.mode, score: r.score });
    return points;
  });
  if (!rows.some((r) => BenchModeSchema.options.some((m) => m === r.series))) return null;
  const series = Object.keys(SERIES_COLOURS).filter((s) => rows.some((r) => r.series === s));
  const x = { field: "series", type: "nominal", sort: series, title: null, axis: { labelAngle: -30 } } as const;
  const y = { field: "score", type: "quantitative", title: "score", scale: { zero: false, padding: 14 } } as const;
  return {
    id: "chart-scores",
    title: "Test score per task",
    caption:
      "Each panel has its own scale, not from zero (close scores stay apart), and the metric's direction in its title; floor = constant sample submission, reference = generic baseline. Invalid submissions have no point.",
    spec: panelGrid(rows, [
      {
        mark: { type: "point", filled: true, size: 80, tooltip: true },
        encoding: {
          x,
          y,
          color: {
            field: "series",
            type: "nominal",
            scale: { domain: series, range: series.map((s) => SERIES_COLOURS[s as keyof typeof SERIES_COLOURS]) },
            title: null,
          },
        },
      },
      {
        mark: { type: "text", align: "center", dy: -10, fontSize: 9, color: "#333" },
        encoding: { x, y, text: { field: "score", type: "quantitative", format: LABEL_FORMAT } },
      },
    ]),
  };
}

/** Validation score against test score per task and mode: does what a run measured before submitting predict its grade? */
function validationChart(results: readonly TaskResult[]): ChartSpec | null {
  const rows = results
    .filter((r) => r.seed === 0 && (r.validationScore !== null || r.score !== null))
    .map((r) => ({
      panel: `${r.task} — ${r.metric} (${r.direction} is better)`,
      mode: r.mode,
      validation: r.validationScore,
      test: r.score,
    }));
  if (!rows.some((r) => r.validation !== null && r.test !== null)) return null;
  const modes = BenchModeSchema.options.filter((m) => rows.some((r) => r.mode === m));
  const x = { field: "mode", type: "nominal", sort: modes, title: null, scale: { padding: 0.6 } } as const;
  const y = { field: "score", type: "quantitative", title: "score", scale: { zero: false, padding: 14 } } as const;
  return {
    id: "chart-validation",
    title: "Validation against test score per task",
    caption:
      "Per task and mode: the validation score the run had before submitting (the harness's holdout score in measured mode, the script's own claim otherwise; hollow) and the graded test score (filled), joined by a line; own scale per panel, not from zero. A long line is a validation that misjudged the test.",
    spec: panelGrid(rows, [
      {
        transform: [{ filter: "isValid(datum.validation) && isValid(datum.test)" }],
        mark: { type: "rule", color: "#999", strokeWidth: 2 },
        encoding: {
          x,
          y: { field: "validation", type: "quantitative", scale: { zero: false, padding: 14 } },
          y2: { field: "test" },
        },
      },
      {
        transform: [{ fold: ["validation", "test"], as: ["kind", "score"] }, { filter: "isValid(datum.score)" }],
        mark: { type: "point", size: 80, strokeWidth: 2, tooltip: true },
        encoding: {
          x,
          y,
          color: {
            field: "mode",
            type: "nominal",
            scale: { domain: modes, range: modes.map((m) => SERIES_COLOURS[m]) },
            title: "mode",
          },
          fill: {
            field: "kind",
            type: "nominal",
            scale: { domain: ["validation", "test"], range: ["#ffffff", "#333333"] },
            title: "score",
            legend: { symbolStrokeColor: "#333333", symbolStrokeWidth: 2 },
          },
        },
      },
      {
        transform: [{ fold: ["validation", "test"], as: ["kind", "score"] }, { filter: "isValid(datum.score)" }],
        mark: { type: "text", align: "left", dx: 8, fontSize: 9, color: "#333" },
        encoding: { x, y, text: { field: "score", type: "quantitative", format: LABEL_FORMAT } },
      },
    ]),
  };
}

/** Seconds per stage, stacked, per task and mode. */
function timeChart(results: readonly TaskResult[]): ChartSpec | null {
  const rows = results.flatMap((r) =>
    STAGES.map((stage, order) => ({ run: `${r.task} / ${r.mode}`, stage, order, seconds: r.seconds[stage] })).filter((x) => x.seconds > 0),
  );
  if (rows.length === 0) return null;
  return {
    id: "chart-time",
    title: "Time per stage",
    caption:
      "Wall seconds per stage from each run's events.jsonl (parallel steps count once); the remainder of a run's total is waiting between steps.",
    spec: {
      data: { values: rows },
      width: 560,
      config: { font: FONT },
      layer: [
        {
          mark: { type: "bar", tooltip: true },
          encoding: {
            y: { field: "run", type: "nominal", title: null, sort: "ascending", axis: { labelLimit: 320 } },
            x: { field: "seconds", type: "quantitative", aggregate: "sum", stack: "zero", title: "seconds" },
            color: {
              field: "stage",
              type: "nominal",
              sort: [...STAGES],
              scale: { domain: [...STAGES], range: STAGE_COLOURS },
              title: "stage",
            },
            order: { field: "order", type: "quantitative" },
          },
        },
        {
          transform: [{ aggregate: [{ op: "sum", field: "seconds", as: "total" }], groupby: ["run"] }],
          mark: { type: "text", align: "left", dx: 3, fontSize: 9, color: "#333" },
          encoding: {
            y: { field: "run", type: "nominal", sort: "ascending" },
            x: { field: "total", type: "quantitative" },
            text: { field: "total", type: "quantitative", format: ".1f" },
          },
        },
      ],
    },
  };
}

/** A grid of small panels, one per value of `panel`, three a row, each with its own score scale. */
function panelGrid(values: object[], layer: Extract<TopLevelFacetSpec["spec"], { layer: unknown }>["layer"]): TopLevelFacetSpec {
  return {
    data: { values },
    config: { font: FONT },
    facet: { field: "panel", type: "nominal", title: null, header: { labelFontSize: 11 } },
    columns: 3,
    spec: { width: 170, height: 130, layer },
    resolve: { scale: { y: "independent" } },
  };
}
