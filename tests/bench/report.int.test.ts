import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReport } from "../../src/bench/report/html.js";
import { formatScore } from "../../src/report/format.js";
import { CHROMIUM, evaluateInPage, screenshot } from "../helpers/chromium.js";
import { writeFiles } from "../helpers/fakes.js";
import { colourCounts, decodePng } from "./helpers/png.js";
import { sampleResults } from "./helpers/sample-results.js";

/** Measures every chart as Chromium laid it out: sized bars, plotted points, value labels, and each linear y axis's range. */
const MEASURE = `
return [...document.querySelectorAll("figure")].map((f) => {
  const bars = [...f.querySelectorAll("svg g.mark-rect.role-mark path")];
  const points = [...f.querySelectorAll("svg g.mark-symbol.role-mark path")];
  const labels = [...f.querySelectorAll("svg g.mark-text.role-mark text")].map((t) => t.textContent).filter((t) => t && t !== "invalid");
  const yAxes = [...f.querySelectorAll("svg g.role-axis")].map((a) => a.getAttribute("aria-label") || "")
    .map((l) => /^Y-axis.*linear scale with values from (\\S+) to (\\S+)$/.exec(l)).filter(Boolean).map((m) => [Number(m[1]), Number(m[2])]);
  return {
    id: f.id,
    bars: bars.filter((b) => { const r = b.getBBox(); return r.width > 0.5 && r.height > 0.5; }).length,
    points: points.filter((p) => { const r = p.getBBox(); return r.width > 0.5 && r.height > 0.5; }).length,
    labels,
    yAxes,
  };
});`;

/** Links of the page: text and href. */
const LINKS = `return [...document.querySelectorAll("a.run-report")].map((a) => [a.closest("table").previousElementSibling.textContent, a.textContent, a.getAttribute("href"), a.href]);`;

describe("report.html", () => {
  const work = mkdtempSync(join(tmpdir(), "lc-report-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("is self-contained: charts inline as SVG, no scripts, stylesheets, fonts or network addresses", async () => {
    const html = await renderReport(sampleResults(), work);
    expect(html.match(/<svg/g)?.length).toBe(4);
    expect(html).not.toMatch(/<script|<link|@import|url\(|<img/i);
    expect(html.replaceAll("http://www.w3.org/", "")).not.toMatch(/https?:\/\//);
    expect(html).toContain("column &quot;SalePrice&quot; has 1 NaN value");
    expect(html).not.toContain("<a "); // no run wrote a report.html: nothing to link
  });

  it("shows each run's validation score beside its test score", async () => {
    const html = await renderReport(sampleResults(), work);
    const penguins = sampleResults().results.filter((r) => r.task === "penguins");
    const row = /<tr><td class=text>penguins<\/td>.*?<\/tr>/.exec(html)![0];
    for (const r of penguins) expect(row).toContain(`<td>${formatScore(r.score)}</td><td>${formatScore(r.validationScore)}</td>`);
  });

  describe.skipIf(!CHROMIUM)("rendered in headless Chromium", () => {
    if (!CHROMIUM) console.warn("skipping the Chromium rendering test: /usr/bin/chromium is absent (apt-get install chromium)");

    it("links every run's report.html by a relative path that resolves, where the run wrote one", async () => {
      const out = join(work, "bench");
      const results = sampleResults(join(out, "runs"));
      for (const r of results.results.filter((x) => !(x.task === "titanic" && x.mode === "vanilla"))) {
        writeFiles(r.runDir, { "report.html": `<p>${r.task} ${r.mode}</p>` });
      }
      const page = join(out, "report.html");
      writeFileSync(page, await renderReport(results, out));
      const links = await evaluateInPage<string[][]>(page, LINKS);
      // five runs have a report: linked from the results table (status) and from the runs table (task / mode)
      expect(links).toHaveLength(10);
      expect(links.filter((l) => l[0] === "Results").map((l) => l[2])).toEqual([
        "runs/house-prices/pipeline/report.html",
        "runs/house-prices/vanilla/report.html",
        "runs/penguins/pipeline/report.html",
        "runs/penguins/vanilla/report.html",
        "runs/titanic/pipeline/report.html",
      ]);
      expect(links.filter((l) => l[0] === "Runs").map((l) => l[1])).toContain("penguins / vanilla");
      for (const [, , href, resolved] of links) {
        expect(resolved).toBe(`file://${join(out, href)}`);
        expect(existsSync(fileURLToPath(resolved)), resolved).toBe(true);
      }
    });

    it("draws every chart with sized marks, value labels and score axes that do not start at zero", async () => {
      const results = sampleResults();
      const html = await renderReport(results, work);
      const page = join(work, "report.html");
      writeFileSync(page, html);
      const measured = await evaluateInPage<Array<{ id: string; bars: number; points: number; labels: string[]; yAxes: number[][] }>>(
        page,
        MEASURE,
      );
      expect(measured.map((m) => m.id)).toEqual(["chart-normalised", "chart-scores", "chart-validation", "chart-time"]);
      const byId = Object.fromEntries(measured.map((m) => [m.id, m]));

      // normalised: a bar and a label per valid run (one invalid run: 0 wide, labelled "invalid")
      expect(byId["chart-normalised"].bars).toBe(5);
      expect(byId["chart-normalised"].labels.sort()).toEqual(
        results.results
          .filter((r) => r.valid)
          .map((r) => r.normalised!.toFixed(2))
          .sort(),
      );

      // test scores: floor + reference per task and 5 valid scores, each point labelled with its value; no axis from 0
      expect(byId["chart-scores"].points).toBe(3 * 2 + 5);
      expect(byId["chart-scores"].labels).toHaveLength(3 * 2 + 5);
      for (const score of ["0.7827", "0.9955", "0.1209", "0.4169", "0.622"]) expect(byId["chart-scores"].labels).toContain(score);
      expect(byId["chart-scores"].yAxes).toHaveLength(3);
      for (const [low] of byId["chart-scores"].yAxes) expect(low).toBeGreaterThan(0);

      // validation against test: a point per score (6 validation, 5 test), each labelled; no axis from 0
      expect(byId["chart-validation"].points).toBe(6 + 5);
      expect(byId["chart-validation"].labels).toHaveLength(6 + 5);
      expect(byId["chart-validation"].labels).toContain("0.7777"); // titanic pipeline's validation (0.7727 + 0.005)
      for (const [low] of byId["chart-validation"].yAxes) expect(low).toBeGreaterThan(0);

      // time: stacked stage bars, and each run's total at its end
      expect(byId["chart-time"].bars).toBeGreaterThanOrEqual(6 * 5);
      expect(byId["chart-time"].labels).toEqual(expect.arrayContaining(["14.7", "12.7", "9.7"]));

      const png = decodePng(await screenshot(page, join(work, "report.png")));
      expect(png.width).toBe(1280);
      const colours = colourCounts(png);
      const pixels = png.width * png.height;
      expect(Math.max(...colours.values()) / pixels).toBeLessThan(0.95);
      // The series colours are painted in quantity: pipeline orange, vanilla green, reference blue.
      for (const hex of ["f58518", "54a24b", "4c78a8"]) expect(colours.get(hex) ?? 0, hex).toBeGreaterThan(2000);
    });
  });
});
