import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildResult, reportedEnding, resolveLimits } from "./exec-result.js";
import { type ExecOptions, type ExecRequest, ExecRequestSchema, type ExecResult, type PythonExecutor } from "./executor-types.js";
import { GAPS } from "./gaps.js";
import { monitorArgs, parseMonitorReport } from "./monitor-report.js";
import { prlimitCommand } from "./rlimits.js";
import { scriptEnv } from "./sandbox-env.js";
import { SCRIPT_NAME } from "./script-name.js";
import { supervise } from "./supervise.js";
import { sweepWorkDir } from "./sweep-workdir.js";
import { prepareInput, prepareWorkDir } from "./workdir.js";

/** Descriptor of the monitor's report. */
const REPORT_FD = 3;

const MIB = 1024 * 1024;

/**
 * UNSAFE: runs scripts as the caller, with full access to the host's files and network.
 * It still clears the environment and applies the wall, memory, CPU, file-size, output and
 * work-directory limits, but not the process-count limit (RLIMIT_NPROC would count every
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
  async run(request: ExecRequest, options: ExecOptions = {}): Promise<ExecResult> {
    const parsed = ExecRequestSchema.parse(request);
    const limits = resolveLimits(parsed.limits);
    const workDir = await prepareWorkDir(parsed.scriptPath, parsed.workDir, null);
    if (parsed.taskDir !== undefined) await prepareInput(workDir, await realpath(parsed.taskDir), "symlink");
    const home = await mkdtemp(join(tmpdir(), "linguacodus-home-"));
    try {
      const command = [...prlimitCommand(limits, { processLimit: false, cpuHardAtSoft: false }), this.python, SCRIPT_NAME];
      const run = await supervise({
        command: this.python,
        args: monitorArgs(REPORT_FD, command),
        cwd: workDir,
        env: scriptEnv(limits.threads, home),
        wallMs: limits.wallSeconds * 1000,
        outputBytes: limits.outputBytes,
        signal: options.signal,
        onStdoutLine: options.onStdoutLine,
        extraFds: ["collect"],
      });
      const report = parseMonitorReport(run.collected[REPORT_FD - 3]);
      const measured = {
        ending: report === null ? null : reportedEnding(report.exitCode, report.signal),
        peakKb: report?.maxRssKb ?? null,
        cpuSeconds: report?.cpuSeconds ?? null,
        oomKilled: false,
        pidsLimitHit: false,
      };
      const sweep = sweepWorkDir(workDir, { maxFiles: limits.maxFiles, maxBytes: limits.diskMb * MIB });
      return buildResult(run, { limits, sandbox: "none", sweep, measured, gaps: [GAPS.unsandboxed] });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }
}
