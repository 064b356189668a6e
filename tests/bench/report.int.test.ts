import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReport } from "../../src/bench/report/html.js";
import { CHROMIUM, dumpDom, screenshot } from "../helpers/chromium.js";
import { colourCounts, decodePng } from "./helpers/png.js";
import { sampleResults } from "./helpers/sample-results.js";

/** Appended to a copy of the page: measures every bar of every chart as Chromium laid it out. */
const MEASURE = `<script>
document.body.setAttribute("data-measured", JSON.stringify([...document.querySelectorAll("figure")].map((f) => {
  const bars = [...f.querySelectorAll("svg g.mark-rect path")];
  return { id: f.id, bars: bars.length, sized: bars.filter((b) => { const r = b.getBBox(); return r.width > 0.5 && r.height > 0.5; }).length };
})));
</script>`;

describe("report.html", () => {
  const work = mkdtempSync(join(tmpdir(), "lc-report-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("is self-contained: charts inline as SVG, no scripts, links, fonts or network addresses", async () => {
    const html = await renderReport(sampleResults());
    expect(html.match(/<svg/g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|<link|@import|url\(|<img/i);
    expect(html.replaceAll("http://www.w3.org/", "")).not.toMatch(/https?:\/\//);
    expect(html).toContain("column &quot;SalePrice&quot; has 1 NaN value");
  });

  describe.skipIf(!CHROMIUM)("rendered in headless Chromium", () => {
    if (!CHROMIUM) console.warn("skipping the Chromium rendering test: /usr/bin/chromium is absent (apt-get install chromium)");

    it("draws every chart's bars with a real size and paints a non-trivial page", async () => {
      const html = await renderReport(sampleResults());
      const page = join(work, "report.html");
      writeFileSync(page, html);
      const measuredPage = join(work, "measured.html");
      writeFileSync(measuredPage, html.replace("</body>", `${MEASURE}</body>`));

      const dom = await dumpDom(measuredPage);
      const measured = JSON.parse(/data-measured="([^"]*)"/.exec(dom)![1].replaceAll("&quot;", '"')) as {
        id: string;
        bars: number;
        sized: number;
      }[];
      expect(measured.map((m) => m.id)).toEqual(["chart-normalised", "chart-scores", "chart-time"]);
      const byId = Object.fromEntries(measured.map((m) => [m.id, m]));
      expect(byId["chart-normalised"].sized).toBeGreaterThanOrEqual(5); // 6 runs, one invalid (0 wide)
      expect(byId["chart-scores"].sized).toBe(3 * 2 + 5); // floor + reference per task, 5 valid scores
      expect(byId["chart-time"].sized).toBeGreaterThanOrEqual(6 * 5);

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
