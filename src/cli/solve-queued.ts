import type { Context } from "../graph/linguacodus/context.js";
import { openQueueClient } from "../queue/client.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS } from "../queue/policy.js";
import { sendSolve } from "../queue/solve-job.js";
import { Progress } from "./progress.js";

/** `linguacodus solve <task> --queue URL`: sends one solve job, follows it, and returns its summary. */
export async function solveQueued(url: string, taskDir: string, context: Context) {
  const progress = new Progress();
  const client = await openQueueClient(url, (message) => progress.note(message));
  try {
    const timeout = context.maxWallSeconds ? Math.ceil(context.maxWallSeconds) + 60 : DEFAULT_TASK_TIMEOUT_SECONDS;
    const sent = await sendSolve(
      client.boss,
      client.follower,
      { taskDir, context, taskTimeoutSeconds: timeout },
      {
        started: (attempt) => progress.note(`a worker took the job${attempt > 1 ? ` (attempt ${attempt}, from its checkpoint)` : ""}`),
        event: (event) => progress.event(event),
      },
    );
    process.stderr.write(`job ${sent.id} queued${context.runDir ? ` → ${context.runDir}` : " (run dir: <worker runs dir>/<job id>)"}\n`);
    progress.start();
    return await sent.summary;
  } finally {
    progress.stop();
    await client.close();
  }
}
