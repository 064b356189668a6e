import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The shared development task suite: LINGUACODUS_SHARED_TASKS, else ../shared/tasks beside the checkout. */
export const SHARED_TASKS = process.env.LINGUACODUS_SHARED_TASKS
  ? `${process.env.LINGUACODUS_SHARED_TASKS.replace(/\/$/, "")}/`
  : fileURLToPath(new URL("../../../shared/tasks/", import.meta.url));

/** Public directory of a shared task, or null (tests then skip with a message). */
export function sharedTask(id: string): string | null {
  const dir = `${SHARED_TASKS}${id}/public`;
  return existsSync(dir) ? dir : null;
}
