/**
 * Starts `langgraphjs dev` (the LangGraph.js API server Studio talks to) for integration tests:
 * on a free 127.0.0.1 port, without analytics, tracing, browser or hot reload, and with its
 * in-memory storage (.langgraph_api) in a temporary project directory, never in the checkout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startService, waitUntilReady } from "./service-process.js";

/** The repository root (where langgraph.json and node_modules live). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A running dev server. */
export interface LangGraphServer {
  /** Base URL of the API, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Everything the server printed so far (stdout and stderr). */
  log(): string;
  /** Stops the server's whole process group and removes its temporary project directory. */
  stop(): Promise<void>;
}

/** A graph of langgraph.json: "./file.ts:export", or that path with a description. */
export type GraphEntry = string | { path: string; description?: string };

/** The "./file.ts:export" of a langgraph.json graph entry. */
export function graphPath(entry: GraphEntry): string {
  return typeof entry === "string" ? entry : entry.path;
}

/**
 * Writes the repository's langgraph.json into `dir`, graph paths rewritten relative to `dir`
 * (the server's preload joins them onto the config's directory, so absolute paths break).
 */
function writeIsolatedConfig(dir: string): string {
  const config = JSON.parse(readFileSync(join(ROOT, "langgraph.json"), "utf8")) as { graphs: Record<string, GraphEntry> };
  const graphs = Object.fromEntries(
    Object.entries(config.graphs).map(([id, entry]) => {
      const [file, symbol] = graphPath(entry).split(":");
      const path = `${relative(dir, resolve(ROOT, file))}:${symbol}`;
      return [id, typeof entry === "string" ? path : { ...entry, path }];
    }),
  );
  const path = join(dir, "langgraph.json");
  writeFileSync(path, JSON.stringify({ ...config, graphs }, null, 2));
  writeFileSync(join(dir, ".gitignore"), ".langgraph_api\n");
  return path;
}

/** The server's environment: no analytics, tracing or browser; models only from the run context. */
function serverEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(OPENAI_|LANGSMITH_|LANGCHAIN_)/.test(key) && !(key.startsWith("LINGUACODUS_") && key !== "LINGUACODUS_PYTHON"),
    ),
  );
  return { ...env, LANGGRAPH_CLI_NO_ANALYTICS: "1", BROWSER: "none", LANGSMITH_TRACING: "false", LANGCHAIN_TRACING_V2: "false" };
}

/** Starts `langgraphjs dev` and resolves once GET /ok answers; rejects with the server log if it does not. */
export async function startLangGraphServer(timeoutMs = 90_000): Promise<LangGraphServer> {
  const dir = mkdtempSync(join(tmpdir(), "lc-langgraph-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ["dev", "--no-browser", "--no-reload", "--host", "127.0.0.1", "--port", String(port), "--config", writeIsolatedConfig(dir)];
  const server = startService(join(ROOT, "node_modules/.bin/langgraphjs"), args, { cwd: ROOT, env: serverEnv() });
  const stop = async () => {
    await server.stop("SIGTERM", 5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  const ok = () =>
    fetch(`${url}/ok`).then(
      (r) => r.ok,
      () => false,
    );
  if (await waitUntilReady(server, ok, timeoutMs, 250)) return { url, log: server.log, stop };
  await stop();
  throw new Error(
    `langgraphjs dev did not answer on ${url}/ok (${server.running() ? "timed out" : "exited"}):\n${server.log().slice(-4000)}`,
  );
}
