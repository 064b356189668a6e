import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's interpreter, the one the suite's reference scorer names. */
export const PYTHON = "/usr/bin/python3";

/** Whether /usr/bin/python3 can import scikit-learn and pandas (tests comparing with them skip otherwise). */
export const hasSklearn: boolean =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ["-c", "import sklearn, pandas"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
