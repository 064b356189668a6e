import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import { renderScript } from "../../../src/engines/offline/coder/render.js";
import { instantiate, scoreRecipe } from "../../../src/engines/offline/instructor.js";
import { makeTinyTasks } from "./tiny-tasks.js";
const root = "/tmp/t15/rr";
const tasks = await makeTinyTasks(join(root, "tasks"));
for (const recipe of caseBank().recipes) {
  const fits = tasks.filter((t) => scoreRecipe(recipe, t.facts).applicable);
  const tiny = fits.find((t) => recipe.forms.includes(t.profile.submissionForm) || t.profile.taskType === "regression") ?? fits[0];
  if (!tiny) { console.log("no task for", recipe.id); continue; }
  const dir = join(root, "scripts", recipe.id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "solution.py"), renderScript(tiny.facts, instantiate(scoreRecipe(recipe, tiny.facts), tiny.facts, 1), { quick: true }));
  await writeFile(join(dir, "task"), tiny.task.dir);
}
