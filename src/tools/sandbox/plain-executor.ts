import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildResult, resolveLimits } from "./exec-result.js";
import { type ExecRequest, ExecRequestSchema, type ExecResult, type PythonExecutor } from "./executor-types.js";
import { launcherArgs, rlimitsFor } from "./launcher.js";
import { scriptEnv } from "./sandbox-env.js";
import { supervise } from "./supervise.js";
import { collectOutputs, prepareInput, prepareWorkDir } from "./workdir.js";

/**
 * UNSAFE: runs scripts as the caller, with full access to the host's files and network.
 * It still clears the environment and applies the wall, memory, CPU, file-size and
 * output limits, but not the process-count limit (RLIMIT_NPROC would count every
 * process of the caller's uid). Every result says sandbox "none".
 */
export class PlainExecutor implements PythonExecutor {
  /** Always "none". */
  readonly kind = "none";
  private readonly python: string;

  /** @param python absolute path of the interpreter. */
  constructor(python: string) {
    this.python = python;
  }

  /** Runs the script unisolated; resolves with its result even when it fails or is killed. */
  async run(request: ExecRequest, options: { signal?: AbortSignal } = {}): Promise<ExecResult> {
    const parsed = ExecRequestSchema.parse(request);
    const limits = resolveLimits(parsed.limits);
    const workDir = await prepareWorkDir(parsed.scriptPath, parsed.workDir);
    if (parsed.taskDir !== undefined) await prepareInput(workDir, await realpath(parsed.taskDir), "symlink");
    const home = await mkdtemp(join(tmpdir(), "linguacodus-home-"));
    try {
      const run = await supervise({
        command: this.python,
        args: launcherArgs(this.python, rlimitsFor(limits, false)),
        cwd: workDir,
        env: scriptEnv(limits.threads, home),
        wallMs: limits.wallSeconds * 1000,
        outputBytes: limits.outputBytes,
        signal: options.signal,
      });
      return buildResult(run, { limits, sandbox: "none", files: await collectOutputs(workDir), pidsLimitHit: false });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }
}
