import { constants } from "node:os";

/** Sends SIGKILL to a whole process group (the child was spawned detached, so its pid is the pgid). */
export function killProcessGroup(pgid: number | undefined): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** The signal name for a signal number ("SIGKILL" for 9), or "SIG<n>" when unknown. */
export function signalName(signum: number): string {
  const entry = Object.entries(constants.signals).find(([, value]) => value === signum);
  return entry ? entry[0] : `SIG${signum}`;
}
