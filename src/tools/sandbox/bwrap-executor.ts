import { realpath } from "node:fs/promises";
import { type BwrapFeatures, bwrapArgs } from "./bwrap-args.js";
import { buildResult, resolveLimits } from "./exec-result.js";
import { type ExecRequest, ExecRequestSchema, type ExecResult, type PythonExecutor } from "./executor-types.js";
import { linkedTaskMounts, systemMounts } from "./host-layout.js";
import { launcherArgs, rlimitsFor } from "./launcher.js";
import { createPidsCgroup, type PidsCgroup } from "./pids-cgroup.js";
import { scriptEnv } from "./sandbox-env.js";
import { supervise } from "./supervise.js";
import { collectOutputs, prepareInput, prepareWorkDir } from "./workdir.js";

/** Shell snippet that moves itself into a cgroup ($0 is its cgroup.procs) and then execs bwrap. */
const JOIN_CGROUP = 'echo $$ > "$0" && exec "$@"';

/** Environment bwrap itself starts with (the script's environment is set with --clearenv/--setenv). */
const BWRAP_ENV = { PATH: "/usr/bin:/bin" };

const MIB = 1024 * 1024;

/** How the process-count limit is enforced for this caller. */
export type ProcessLimitMode = "rlimit" | "cgroup" | "none";

/** Settings fixed when the executor is created. */
export interface BwrapExecutorConfig {
  /** Absolute path of the Python interpreter. */
  python: string;
  /** Absolute path of bwrap. */
  bwrapPath: string;
  /** Optional bwrap flags it supports. */
  features: BwrapFeatures;
  /** Parent of per-run pids cgroups (root callers), or null. */
  pidsCgroupParent: string | null;
  /** How the process-count limit is enforced. */
  processLimit: ProcessLimitMode;
}

/** Runs scripts inside a bubblewrap sandbox (see docs/security.md). */
export class BwrapExecutor implements PythonExecutor {
  /** Always "bwrap". */
  readonly kind = "bwrap";
  /** How the process-count limit is enforced ("none" only for root without a writable pids cgroup). */
  readonly processLimit: ProcessLimitMode;
  private readonly config: BwrapExecutorConfig;

  /** @param config settings from createPythonExecutor. */
  constructor(config: BwrapExecutorConfig) {
    this.config = config;
    this.processLimit = config.processLimit;
  }

  /** Runs the script in a fresh sandbox; resolves with its result even when it fails or is killed. */
  async run(request: ExecRequest, options: { signal?: AbortSignal } = {}): Promise<ExecResult> {
    const parsed = ExecRequestSchema.parse(request);
    const limits = resolveLimits(parsed.limits);
    const workDir = await prepareWorkDir(parsed.scriptPath, parsed.workDir);
    const taskDir = parsed.taskDir === undefined ? null : await realpath(parsed.taskDir);
    if (taskDir !== null) await prepareInput(workDir, taskDir, "mountpoint");
    const sandboxArgs = bwrapArgs({
      systemMounts: systemMounts(this.config.python),
      workDir,
      taskDir,
      taskLinkMounts: taskDir === null ? [] : linkedTaskMounts(taskDir),
      tmpBytes: limits.memoryMb * MIB,
      env: scriptEnv(limits.threads, "/tmp"),
      features: this.config.features,
      command: [this.config.python, ...launcherArgs(this.config.python, rlimitsFor(limits, true))],
    });
    const cgroup: PidsCgroup | null =
      this.config.pidsCgroupParent === null ? null : createPidsCgroup(this.config.pidsCgroupParent, limits.maxProcesses);
    try {
      const run = await supervise({
        command: cgroup === null ? this.config.bwrapPath : "/bin/sh",
        args: cgroup === null ? sandboxArgs : ["-c", JOIN_CGROUP, cgroup.procsFile, this.config.bwrapPath, ...sandboxArgs],
        cwd: workDir,
        env: BWRAP_ENV,
        wallMs: limits.wallSeconds * 1000,
        outputBytes: limits.outputBytes,
        signal: options.signal,
        killExtra: cgroup === null ? undefined : () => cgroup.killAll(),
      });
      const pidsLimitHit = cgroup?.limitHit() ?? false;
      return buildResult(run, { limits, sandbox: "bwrap", files: await collectOutputs(workDir), pidsLimitHit });
    } finally {
      await cgroup?.remove();
    }
  }
}
