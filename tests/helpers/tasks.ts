import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The shared development task suite (../shared/tasks beside the checkout), or null when absent. */
export const SHARED_TASKS = fileURLToPath(new URL("../../../shared/tasks/", import.meta.url));

/** Public directory of a shared task, or null (tests then skip with a message). */
export function sharedTask(id: string): string | null {
  const dir = `${SHARED_TASKS}${id}/public`;
  return existsSync(dir) ? dir : null;
}
