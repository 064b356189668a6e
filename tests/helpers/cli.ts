import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The CLI entry point. */
export const BIN = fileURLToPath(new URL("../../bin/linguacodus.js", import.meta.url));

/** A finished CLI run. */
export interface CliResult {
  /** Exit code (null when killed). */
  code: number | null;
  /** Everything printed on stdout. */
  stdout: string;
  /** Everything printed on stderr. */
  stderr: string;
}

/** Starts the CLI with extra environment variables; stdin is piped. */
export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", OPENAI_MODEL: "" },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Runs the CLI to the end, feeding `input` on stdin. */
export async function runCli(args: string[], env: Record<string, string> = {}, input = ""): Promise<CliResult> {
  const { child, done } = startCli(args, env);
  child.stdin!.end(input);
  return done;
}
