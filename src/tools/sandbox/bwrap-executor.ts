import { realpath } from "node:fs/promises";
import { type BwrapFeatures, bwrapArgs, type InputMounts, type SandboxIdentity } from "./bwrap-args.js";
import { buildResult, type HostMeasurement, relayedEnding, reportedEnding, resolveLimits } from "./exec-result.js";
import {
  type ExecLimits,
  type ExecOptions,
  type ExecRequest,
  ExecRequestSchema,
  type ExecResult,
  type PythonExecutor,
} from "./executor-types.js";
import { GAPS } from "./gaps.js";
import { linkedTaskMounts, systemMounts } from "./host-layout.js";
import { monitorArgs, parseMonitorReport } from "./monitor-report.js";
import { prlimitCommand } from "./rlimits.js";
import { type CgroupLayout, createRunCgroup, type RunCgroup } from "./run-cgroup.js";
import { parseSandboxStatus, sandboxGone } from "./sandbox-status.js";
import { scriptEnv } from "./sandbox-env.js";
import { SCRIPT_NAME } from "./script-name.js";
import { seccompProgram } from "./seccomp.js";
import { type SupervisedRun, supervise } from "./supervise.js";
import { sweepWorkDir } from "./sweep-workdir.js";
import { inputMounts, prepareInput, prepareWorkDir } from "./workdir.js";

/** Umask of the sandbox's set-up (ENTER's `umask 022`): the directories bwrap creates stay searchable by the sandbox uid. */
const ENTRY_UMASK = 0o022;

/** Where stderr is parked while keyctl runs (keyctl prints "Joined session keyring" there). */
const PARKED_STDERR_FD = 9;

/**
 * First stage of a sandbox without the host-side monitor (bash: dash cannot name descriptors
 * above 9): close every descriptor above 4 the caller inherited (bwrap passes open descriptors
 * on to the script), umask 022, join the run's cgroups ($CGROUP_PROCS), then exec the rest.
 * Under the monitor, its child does the same itself (python/sandbox_monitor.py), so no shell starts.
 */
const ENTER =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
  'for fd in /proc/$$/fd/*; do n=${fd##*/}; if ((n > 4)); then eval "exec $n>&-"; fi; done; umask 022; ' +
  'for procs in $CGROUP_PROCS; do echo $$ > "$procs" || exit 125; done; ';

/** Runs the rest as it is. */
const THEN_EXEC = 'exec "$@"';

/** Parks stderr on fd 9 so keyctl's "Joined session keyring" line is not the script's, then runs the rest. */
const THEN_EXEC_QUIET = `exec ${PARKED_STDERR_FD}>&2 2>/dev/null; exec "$@"`;

/** After keyctl: stderr back from fd 9, then exec bwrap. */
const RESTORE_STDERR = `exec 2>&${PARKED_STDERR_FD} ${PARKED_STDERR_FD}>&-; exec "$@"`;

/** keyutils' keyctl: `keyctl session - CMD…` runs CMD with a fresh, empty anonymous session keyring. */
export const KEYCTL = "/usr/bin/keyctl";

/** Descriptors of the spawned process: the seccomp program (read by bwrap), bwrap's JSON status, the monitor's report. */
const SECCOMP_FD = 3;
const STATUS_FD = 4;
const REPORT_FD = 5;

const MIB = 1024 * 1024;

/** How the process-count limit is enforced for this caller. */
export type ProcessLimitMode = "rlimit" | "cgroup";

/** Settings fixed when the executor is created. */
export interface BwrapExecutorConfig {
  /** Absolute path of the Python interpreter. */
  python: string;
  /** Absolute path of bwrap. */
  bwrapPath: string;
  /** Optional bwrap flags it supports. */
  features: BwrapFeatures;
  /** Who the script runs as on the host. */
  identity: SandboxIdentity;
  /** Where per-run cgroups (memory, pids) are made, or null where none can be. */
  cgroups: CgroupLayout | null;
  /** True when keyctl can give each run a fresh session keyring. */
  freshKeyring: boolean;
}

/** Runs scripts inside a bubblewrap sandbox (see docs/security.md). */
export class BwrapExecutor implements PythonExecutor {
  /** Always "bwrap". */
  readonly kind = "bwrap";
  /** How the process-count limit is enforced: a per-run pids cgroup, else RLIMIT_NPROC. */
  readonly processLimit: ProcessLimitMode;
  /** Who the script runs as on the host. */
  readonly identity: SandboxIdentity;
  private readonly config: BwrapExecutorConfig;

  /** @param config settings from createPythonExecutor. */
  constructor(config: BwrapExecutorConfig) {
    this.config = config;
    this.identity = config.identity;
    const pids = config.cgroups !== null && (config.cgroups.version === 2 || config.cgroups.pidsParent !== null);
    this.processLimit = pids ? "cgroup" : "rlimit";
  }

  /** Runs the script in a fresh sandbox; resolves with its result even when it fails or is killed. */
  async run(request: ExecRequest, options: ExecOptions = {}): Promise<ExecResult> {
    const parsed = ExecRequestSchema.parse(request);
    const limits = resolveLimits(parsed.limits);
    const { identity } = this.config;
    const workDir = await prepareWorkDir(parsed.scriptPath, parsed.workDir, identity.kind === "dedicated" ? identity : null);
    let input: InputMounts | null = null;
    let taskLinkMounts: string[] = [];
    if (parsed.taskDir !== undefined) {
      const taskDir = await realpath(parsed.taskDir);
      await prepareInput(workDir, taskDir, "mountpoint");
      input = await inputMounts(taskDir);
      taskLinkMounts = linkedTaskMounts(taskDir);
    }
    const cgroup =
      this.config.cgroups === null
        ? null
        : createRunCgroup(this.config.cgroups, { memoryBytes: limits.memoryMb * MIB, maxProcesses: limits.maxProcesses });
    try {
      const gaps = this.gapsFor(cgroup);
      const useMonitor = cgroup === null || !cgroup.limitsMemory;
      const sandboxArgs = bwrapArgs({
        systemMounts: systemMounts(this.config.python),
        workDir,
        input,
        taskLinkMounts,
        tmpBytes: limits.memoryMb * MIB,
        env: scriptEnv(limits.threads, "/tmp"),
        features: this.config.features,
        identity,
        seccompFd: SECCOMP_FD,
        statusFd: STATUS_FD,
        command: [...this.rlimits(limits, cgroup), this.config.python, SCRIPT_NAME],
      });
      const python = this.config.python;
      const entry = useMonitor ? [python, ...this.monitoredCommand(sandboxArgs, cgroup)] : this.entryCommand(sandboxArgs);
      const run = await supervise({
        command: entry[0],
        args: entry.slice(1),
        cwd: workDir,
        env: { PATH: "/usr/bin:/bin", CGROUP_PROCS: cgroup?.procsFiles.join(" ") ?? "" },
        wallMs: limits.wallSeconds * 1000,
        outputBytes: limits.outputBytes,
        signal: options.signal,
        onStdoutLine: options.onStdoutLine,
        killExtra: cgroup === null ? undefined : () => cgroup.killAll(),
        extraFds: [seccompProgram(python, !(cgroup?.limitsMemory ?? false)), "collect", ...(useMonitor ? ["collect" as const] : [])],
      });
      await sandboxGone(parseSandboxStatus(run.collected[STATUS_FD - 3]).childPid);
      const measured = useMonitor ? monitorMeasurement(run, cgroup) : cgroupMeasurement(run, cgroup);
      const sweep = sweepWorkDir(workDir, { maxFiles: limits.maxFiles, maxBytes: limits.diskMb * MIB });
      return buildResult(run, { limits, sandbox: "bwrap", sweep, measured, gaps });
    } finally {
      await cgroup?.remove();
    }
  }

  /** The rlimits: RLIMIT_NPROC unless a pids cgroup counts the run; pid-1 scripts get SIGKILL at the CPU limit. */
  private rlimits(limits: ExecLimits, cgroup: RunCgroup | null): string[] {
    return prlimitCommand(limits, {
      processLimit: !(cgroup?.limitsProcesses ?? false),
      cpuHardAtSoft: this.config.identity.kind === "caller",
    });
  }

  /** bash (inherited descriptors, umask, cgroups) → [keyctl session: fresh keyring → sh: stderr back →] bwrap. */
  private entryCommand(sandboxArgs: string[]): string[] {
    const bwrap = [this.config.bwrapPath, ...sandboxArgs];
    if (!this.config.freshKeyring) return ["/bin/bash", "-c", ENTER + THEN_EXEC, "enter", ...bwrap];
    return ["/bin/bash", "-c", ENTER + THEN_EXEC_QUIET, "enter", KEYCTL, "session", "-", "/bin/sh", "-c", RESTORE_STDERR, "sh", ...bwrap];
  }

  /** The monitor's arguments: its child does the entry's set-up, then [keyctl session → sh: stderr back →] bwrap. */
  private monitoredCommand(sandboxArgs: string[], cgroup: RunCgroup | null): string[] {
    const bwrap = [this.config.bwrapPath, ...sandboxArgs];
    const setUp = { umask: ENTRY_UMASK, join: cgroup?.procsFiles ?? [] };
    if (!this.config.freshKeyring) return monitorArgs(REPORT_FD, bwrap, setUp);
    const keyring = [KEYCTL, "session", "-", "/bin/sh", "-c", RESTORE_STDERR, "sh", ...bwrap];
    return monitorArgs(REPORT_FD, keyring, { ...setUp, parkStderr: PARKED_STDERR_FD });
  }

  private gapsFor(cgroup: RunCgroup | null): string[] {
    const gaps: string[] = [];
    if (!(cgroup?.limitsMemory ?? false)) gaps.push(GAPS.memory);
    if (this.config.identity.kind === "dedicated" && !(cgroup?.limitsProcesses ?? false)) gaps.push(GAPS.processes);
    if (!this.config.freshKeyring) gaps.push(GAPS.keyring);
    return gaps;
  }
}

/** Exit status and usage from the host-side monitor's wait4 (bwrap relays the script's status as 128 + signal). */
function monitorMeasurement(run: SupervisedRun, cgroup: RunCgroup | null): HostMeasurement {
  const report = parseMonitorReport(run.collected[REPORT_FD - 3]);
  const pidsLimitHit = cgroup?.report().pidsRefused ?? false;
  if (report === null) return { ending: null, peakKb: null, cpuSeconds: null, oomKilled: false, pidsLimitHit };
  const ending = report.signal === null ? relayedEnding(report.exitCode, null) : reportedEnding(null, report.signal);
  return { ending, peakKb: report.maxRssKb, cpuSeconds: report.cpuSeconds, oomKilled: false, pidsLimitHit };
}

/** Exit status of bwrap itself (the host's child) and usage from the run's cgroup. */
function cgroupMeasurement(run: SupervisedRun, cgroup: RunCgroup | null): HostMeasurement {
  const report = cgroup?.report();
  return {
    ending: relayedEnding(run.exitCode, run.signal),
    peakKb: report?.peakKb ?? null,
    cpuSeconds: report?.cpuSeconds ?? null,
    oomKilled: report?.oomKilled ?? false,
    pidsLimitHit: report?.pidsRefused ?? false,
  };
}
