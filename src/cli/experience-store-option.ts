import { SqliteStore } from "../memory/sqlite-store.js";
import type { ExperienceMode } from "../types/experience.js";

/**
 * Opens the local experience store of a command, or nothing when experience is off (the file is
 * then neither read nor created). A store that cannot be opened is reported on stderr and the
 * command goes on without experience.
 */
export function openExperienceStore(mode: ExperienceMode, path: string): SqliteStore | undefined {
  if (mode === "off") return undefined;
  try {
    return SqliteStore.open(path);
  } catch (error) {
    process.stderr.write(
      `warning: the experience store ${path} cannot be opened (${(error as Error).message}); going on without experience\n`,
    );
    return undefined;
  }
}
