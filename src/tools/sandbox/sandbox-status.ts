import { readFileSync } from "node:fs";

/** How long to wait for the sandbox's first process to be gone after bubblewrap ended. */
const GONE_TIMEOUT_MS = 3000;

/** What bubblewrap's --json-status-fd said: the host pid of the sandbox's first process, and its exit code. */
export interface SandboxStatus {
  /** Host pid of the process bubblewrap started in the new pid namespace (its pid 1), or null. */
  childPid: number | null;
  /** The exit code bubblewrap reported for the command, or null when the command never finished setting up. */
  exitCode: number | null;
}

/** Parses bubblewrap's JSON status lines ({"child-pid": N, …} then {"exit-code": N}). */
export function parseSandboxStatus(text: string): SandboxStatus {
  const status: SandboxStatus = { childPid: null, exitCode: null };
  for (const line of text.split("\n")) {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== "object" || value === null) continue;
      const fields = value as Record<string, unknown>;
      if (typeof fields["child-pid"] === "number") status.childPid = fields["child-pid"];
      if (typeof fields["exit-code"] === "number") status.exitCode = fields["exit-code"];
    } catch {
      // not a status line
    }
  }
  return status;
}

/**
 * Resolves once the sandbox's pid 1 is gone (or a zombie): the kernel kills and reaps every
 * other process of a pid namespace before its pid 1 exits, so nothing of the run is left to
 * change the work directory afterwards. Gives up after 3 s (the pid may have been reused).
 */
export async function sandboxGone(childPid: number | null): Promise<void> {
  if (childPid === null) return;
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  while (Date.now() < deadline && isRunning(childPid)) await new Promise((resolve) => setTimeout(resolve, 1));
}

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}
