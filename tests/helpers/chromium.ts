import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Debian's Chromium, or null when it is not installed (tests then skip). */
export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p)) ?? null;

/** Headless flags: no sandbox (root in CI), no GPU, and no network side traffic. */
function flags(profile: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    `--user-data-dir=${profile}`,
  ];
}

/** Loads a local HTML file in headless Chromium and returns the DOM after load. */
export async function dumpDom(htmlPath: string): Promise<string> {
  return withProfile(
    async (profile) =>
      (await run(CHROMIUM!, [...flags(profile), "--dump-dom", `file://${htmlPath}`], { maxBuffer: 64 << 20, timeout: 60_000 })).stdout,
  );
}

/**
 * Loads a copy of a local HTML page (written beside it) in headless Chromium with a script appended that runs `body`
 * (a function body returning a JSON-serialisable value) after the page is parsed, and returns the
 * value: what the browser's DOM holds, not what the HTML text says.
 */
export async function evaluateInPage<T>(htmlPath: string, body: string): Promise<T> {
  // the copy lies beside the page, so its relative links resolve as the page's do
  const copy = join(dirname(htmlPath), `.probe-${randomBytes(4).toString("hex")}.html`);
  try {
    const probe = `<script>document.body.setAttribute("data-result", btoa(unescape(encodeURIComponent(JSON.stringify((() => {${body}})())))));</script>`;
    writeFileSync(copy, readFileSync(htmlPath, "utf8").replace("</body>", `${probe}</body>`));
    const dom = await dumpDom(copy);
    const encoded = /data-result="([A-Za-z0-9+/=]*)"/.exec(dom)?.[1];
    if (encoded === undefined) throw new Error(`the page script left no result (a script error?): ${dom.slice(0, 300)}`);
    return JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as T;
  } finally {
    rmSync(copy, { force: true });
  }
}

/** Takes a screenshot of a local HTML file and returns the PNG bytes. */
export async function screenshot(htmlPath: string, pngPath: string, size = "1280,2200"): Promise<Buffer> {
  await withProfile((profile) =>
    run(CHROMIUM!, [...flags(profile), `--window-size=${size}`, `--screenshot=${pngPath}`, `file://${htmlPath}`], { timeout: 60_000 }),
  );
  return readFileSync(pngPath);
}

/** Runs with a fresh, throw-away Chromium profile directory. */
async function withProfile<T>(fn: (profile: string) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), "lc-chromium-"));
  try {
    return await fn(profile);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
