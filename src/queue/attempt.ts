import type { ChildProcess } from "node:child_process";
import type { LeaseLoss } from "./lease.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { DEADLINE_GRACE_SECONDS } from "./policy.js";
import { EXIT_STORE_DOWN, type JobReply, type JobRequest } from "./protocol.js";

/** How one run of a job in a job process ended. */
export type ProcessEnd =
  | { /** The job finished: its output. */ output: unknown }
  | { /** The job cannot run as asked: why. */ refused: string }
  | { /** The checkpoint database went away. */ storeDown: true }
  | { /** The worker lost its lease and killed the process: how. */ leaseLost: LeaseLoss }
  | { /** The process died (or overran its deadline and was killed): how. */ died: string };

/** What one run needs besides the process. */
export interface AttemptRun {
  /** The request to send. */
  request: JobRequest;
  /** The attempt number, for messages. */
  attempt: number;
  /** Resolves if the worker stops holding the job: the process is then killed. */
  leaseLost: Promise<LeaseLoss>;
  /** Called with each progress event the job process reports. */
  onProgress: (event: ProgressEvent) => void;
}

/**
 * Runs one job in a job process and says how it ended: its reply, its exit, or its kill — when the
 * lease is lost (another attempt may start) or when it is still running DEADLINE_GRACE_SECONDS
 * after the request's deadline.
 */
export function runInProcess(child: ChildProcess, run: AttemptRun): Promise<ProcessEnd> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ died: `the job process had died before its job came (attempt ${run.attempt})` });
  child.on("error", () => undefined); // a request sent to a process that just died: its exit says how
  let reply: ProcessEnd | null = null;
  let killed: ProcessEnd | null = null;
  child.on("message", (message: JobReply) => {
    if (message.type === "progress") run.onProgress(message.event);
    else if (message.type === "done") reply = { output: message.output };
    else reply = { refused: message.message };
  });
  const kill = (why: ProcessEnd) => {
    if (killed || reply) return;
    killed = why;
    child.kill("SIGKILL");
  };
  void run.leaseLost.then((loss) => kill({ leaseLost: loss }));
  const overrun = setTimeout(
    () => kill({ died: `the job process ran past its task timeout (attempt ${run.attempt}) and was killed` }),
    Math.max(0, run.request.deadline + DEADLINE_GRACE_SECONDS * 1000 - Date.now()),
  );
  const ended = new Promise<ProcessEnd>((done) => {
    child.once("exit", (code, signal) => {
      clearTimeout(overrun);
      if (reply) done(reply);
      else if (killed) done(killed);
      else if (code === EXIT_STORE_DOWN) done({ storeDown: true });
      else done({ died: `the job process died (${signal ? `signal ${signal}` : `exit code ${code}`}) on attempt ${run.attempt}` });
    });
  });
  child.send(run.request);
  return ended;
}
