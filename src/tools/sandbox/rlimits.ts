import type { ExecLimits } from "./executor-types.js";

/** util-linux prlimit: sets the rlimits and execs the rest of its command line. */
export const PRLIMIT = "/usr/bin/prlimit";

const MIB = 1024 * 1024;

/** Seconds between the CPU soft limit (SIGXCPU) and the hard limit (SIGKILL). */
const CPU_HARD_GRACE_SECONDS = 2;

/** How the rlimits are set for one run. */
export interface RlimitOptions {
  /** Set RLIMIT_NPROC (only where it counts the run's processes alone, or nothing better exists). */
  processLimit: boolean;
  /** Hard CPU limit equal to the soft one: for a script that runs as pid 1, which ignores SIGXCPU. */
  cpuHardAtSoft: boolean;
}

/** The prlimit command line (ending in "--") that puts the run's limits on the command after it. */
export function prlimitCommand(limits: ExecLimits, options: RlimitOptions): string[] {
  const memory = limits.memoryMb * MIB;
  const fileSize = limits.fileSizeMb * MIB;
  const cpuHard = options.cpuHardAtSoft ? limits.cpuSeconds : limits.cpuSeconds + CPU_HARD_GRACE_SECONDS;
  const args = [
    PRLIMIT,
    `--as=${memory}:${memory}`,
    `--cpu=${limits.cpuSeconds}:${cpuHard}`,
    `--fsize=${fileSize}:${fileSize}`,
    "--core=0:0",
  ];
  if (options.processLimit) args.push(`--nproc=${limits.maxProcesses}:${limits.maxProcesses}`);
  args.push("--");
  return args;
}
