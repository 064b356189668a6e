import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
