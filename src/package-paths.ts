import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the nearest folder above this file that holds package.json (source tree or installed dist/). */
function findPackageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Absolute path of the package root. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
/** The prompt files. */
export const PROMPTS_DIR = join(PACKAGE_ROOT, "prompts");
/** The Python files the project runs (profiler, op templates). */
export const PYTHON_DIR = join(PACKAGE_ROOT, "python");
