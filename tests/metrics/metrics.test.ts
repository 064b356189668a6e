import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  accuracy,
  binaryLogLoss,
  f1,
  logLoss,
  logRmse,
  mae,
  mape,
  MetricError,
  precision,
  r2,
  recall,
  rmse,
  rmsle,
  rocAuc,
  rocAucOvr,
  type Average,
  type Label,
} from "../../src/metrics/index.js";
import { seeded } from "./random.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./sklearn_metrics.py", import.meta.url));
const hasSklearn =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ["-c", "import sklearn"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
if (!hasSklearn) console.warn("skipping the scikit-learn comparison: /usr/bin/python3 with scikit-learn is absent");

/** One metric call, with what scikit-learn needs to compute the same value. */
interface Case {
  /** What the case checks, for failure messages. */
  name: string;
  /** Sent to the Python side. */
  input: { metric: string; truth: unknown[]; prediction: unknown[]; average?: Average; posLabel?: Label; classes?: Label[] };
  /** Our value. */
  ours: () => number;
}

const SIZES = [1, 2, 7, 40, 513, 3000];
const random = seeded(20240611);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
/** Labels drawn from a small set, so classes repeat; predictions agree with the truth about `agree` of the time. */
function labels<T extends Label>(n: number, classes: readonly T[], agree: number): { truth: T[]; prediction: T[] } {
  const truth = Array.from({ length: n }, () => pick(classes));
  return { truth, prediction: truth.map((t) => (random() < agree ? t : pick(classes))) };
}
/** Scores rounded to one decimal, so many tie. */
const tiedScores = (n: number) => Array.from({ length: n }, () => Math.round(random() * 10) / 10);
/** A probability row of k classes (exact zeros and ones now and then, to exercise clipping). */
function probabilityRow(k: number): number[] {
  if (random() < 0.05) return Array.from({ length: k }, (_, i) => (i === 0 ? 1 : 0));
  const raw = Array.from({ length: k }, () => Math.round(random() * 20) / 20 + 0.01);
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}

function classificationCases(): Case[] {
  const cases: Case[] = [];
  for (const n of SIZES) {
    for (const classes of [
      [0, 1],
      [0, 1, 2, 3],
      ["Adelie", "Chinstrap", "Gentoo"],
    ] as Label[][]) {
      for (const agree of [0.2, 0.8]) {
        const { truth, prediction } = labels(n, classes, agree);
        cases.push({ name: `accuracy n=${n}`, input: { metric: "accuracy", truth, prediction }, ours: () => accuracy(truth, prediction) });
        const averages: Average[] = classes.length === 2 ? ["binary", "macro", "micro", "weighted"] : ["macro", "micro", "weighted"];
        for (const average of averages) {
          const posLabel = average === "binary" ? classes[1] : undefined;
          for (const [metric, fn] of [
            ["precision", precision],
            ["recall", recall],
            ["f1", f1],
          ] as const) {
            cases.push({
              name: `${metric} ${average} n=${n} classes=${classes.join("/")}`,
              input: { metric, truth, prediction, average, posLabel },
              ours: () => fn(truth, prediction, { average, posLabel }),
            });
          }
        }
      }
    }
  }
  // A class that is never predicted, and one that never occurs (zero division counted as 0).
  const truth = [0, 0, 1, 1, 2, 2, 2];
  const prediction = [0, 1, 1, 0, 0, 1, 3];
  for (const average of ["macro", "micro", "weighted"] as const) {
    cases.push({
      name: `f1 zero division ${average}`,
      input: { metric: "f1", truth, prediction, average },
      ours: () => f1(truth, prediction, { average }),
    });
  }
  return cases;
}

function rankingCases(): Case[] {
  const cases: Case[] = [];
  for (const n of SIZES.filter((s) => s >= 7)) {
    const truth = Array.from({ length: n }, (_, i) => (i < 2 ? i === 0 : random() < 0.3));
    const score = tiedScores(n).map((s, i) => (truth[i] ? Math.min(1, s + 0.2) : s));
    cases.push({
      name: `roc_auc n=${n}`,
      input: { metric: "roc_auc", truth: truth.map(Number), prediction: score },
      ours: () => rocAuc(truth, score),
    });
    const classes = ["a", "b", "c"];
    const multi = Array.from({ length: n }, (_, i) => (i < 3 ? classes[i] : pick(classes)));
    const probabilities = multi.map(() => probabilityRow(3).map((p) => (p === 0 ? 0 : p)));
    cases.push({
      name: `roc_auc ovr n=${n}`,
      input: { metric: "roc_auc_ovr", truth: multi, prediction: probabilities, classes },
      ours: () => rocAucOvr(multi, probabilities, classes),
    });
  }
  return cases;
}

function logLossCases(): Case[] {
  const cases: Case[] = [];
  for (const n of SIZES) {
    for (const k of [2, 3, 5]) {
      const truth = Array.from({ length: n }, () => Math.floor(random() * k));
      // Rows that do not quite sum to 1, as submissions do; the scorer divides by the sum.
      const probabilities = truth.map(() => probabilityRow(k).map((p) => p * (0.995 + random() * 0.01)));
      cases.push({
        name: `log_loss n=${n} k=${k}`,
        input: { metric: "log_loss", truth, prediction: probabilities },
        ours: () => logLoss(truth, probabilities),
      });
    }
    const truth = Array.from({ length: n }, () => random() < 0.4);
    const probability = truth.map(() => pick([0, 1, Math.round(random() * 100) / 100]));
    cases.push({
      name: `binary log_loss n=${n}`,
      input: { metric: "binary_log_loss", truth: truth.map(Number), prediction: probability },
      ours: () => binaryLogLoss(truth, probability),
    });
  }
  return cases;
}

function regressionCases(): Case[] {
  const cases: Case[] = [];
  const regressions = [
    ["rmse", rmse],
    ["rmsle", rmsle],
    ["log_rmse", logRmse],
    ["mae", mae],
    ["mape", mape],
    ["r2", r2],
  ] as const;
  for (const n of SIZES) {
    const truth = Array.from({ length: n }, () => Math.round(random() * 500) + 1);
    const prediction = truth.map((y) => Math.max(0.5, Math.round(y * (0.5 + random()))));
    for (const [metric, fn] of regressions) {
      if (metric === "r2" && n < 2) continue;
      cases.push({ name: `${metric} n=${n}`, input: { metric, truth, prediction }, ours: () => fn(truth, prediction) });
    }
  }
  const constant = [3, 3, 3, 3];
  cases.push({
    name: "r2 constant truth, perfect",
    input: { metric: "r2", truth: constant, prediction: constant },
    ours: () => r2(constant, constant),
  });
  cases.push({
    name: "r2 constant truth",
    input: { metric: "r2", truth: constant, prediction: [3, 4, 3, 2] },
    ours: () => r2(constant, [3, 4, 3, 2]),
  });
  cases.push({
    name: "mape with a zero truth",
    input: { metric: "mape", truth: [0, 2, 4], prediction: [1, 2, 3] },
    ours: () => mape([0, 2, 4], [1, 2, 3]),
  });
  return cases;
}

describe.runIf(hasSklearn)("metrics agree with scikit-learn", () => {
  const groups = {
    classification: classificationCases(),
    ranking: rankingCases(),
    "log loss": logLossCases(),
    regression: regressionCases(),
  };
  const all = Object.values(groups).flat();
  let expected = new Map<Case, number>();
  beforeAll(() => {
    const values = JSON.parse(
      execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(all.map((c) => c.input)), encoding: "utf8" }),
    ) as number[];
    expect(values).toHaveLength(all.length);
    expected = new Map(all.map((c, i) => [c, values[i]]));
  });

  it.each(Object.entries(groups))("%s", (_, cases) => {
    cases.forEach((c) => {
      const ours = c.ours();
      const theirs = expected.get(c)!;
      expect(Math.abs(ours - theirs), `${c.name}: ours ${ours}, scikit-learn ${theirs}`).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(theirs)),
      );
    });
  });
});

describe("metric errors", () => {
  it("rejects mismatched lengths, empty inputs and values outside a metric's domain", () => {
    expect(() => accuracy([1, 2], [1])).toThrow(MetricError);
    expect(() => rmse([], [])).toThrow(/no rows/);
    expect(() => rmsle([1, 2], [1, -1])).toThrow(/negative/);
    expect(() => logRmse([1, 2], [1, 0])).toThrow(/≤ 0/);
    expect(() => rocAuc([true, true], [0.1, 0.2])).toThrow(/one class/);
    expect(() => f1([0, 1, 2], [0, 1, 2], { average: "binary" })).toThrow(/at most 2 classes/);
    expect(() => f1([0, 1], [0, 1], { average: "binary", posLabel: "yes" })).toThrow(/pos_label/);
    expect(() =>
      rocAucOvr(
        ["a", "b"],
        [
          [0.9, 0.3],
          [0.5, 0.5],
        ],
        ["a", "b"],
      ),
    ).toThrow(/sum to/);
    expect(() => logLoss([2], [[0.5, 0.5]])).toThrow(/out of range/);
    expect(() => r2([1], [1])).toThrow(/2 rows/);
  });
});
