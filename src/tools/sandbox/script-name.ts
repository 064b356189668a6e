/** Name of the script inside the work directory. */
export const SCRIPT_NAME = "solution.py";
