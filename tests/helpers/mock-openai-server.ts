/**
 * A real HTTP mock of an OpenAI-compatible server for tests, on 127.0.0.1 only: chat completions
 * (JSON and SSE streaming, with usage) and legacy text completions. Replies come from a handler;
 * every request is recorded with arrival/finish times, and peak concurrency is tracked.
 *
 * Structured output: `supports` picks the one mechanism the mock honours, as servers differ —
 * "jsonSchema" (response_format json_schema, like vLLM guided decoding), "functionCalling" (tools
 * with tool_choice), "jsonMode" (response_format json_object), "none" (everything ignored: the
 * handler's text comes back as is) or "all" (the default). Honouring means constrained decoding:
 * the JSON in the handler's text is sent alone (as content, or as the tool call's arguments).
 * `rejectResponseFormat` answers HTTP 400 to any request that carries response_format.
 * Faults: HTTP errors (with headers, e.g. 429 + Retry-After), hang, a connection cut before the
 * headers or mid-body, a body that is not JSON, and any content (code-less prose, 5 MB replies).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** A chat message with its content flattened to text. */
export interface MockMessage {
  /** "system", "user", "assistant", ... */
  role: string;
  /** Text content (text parts of multi-part content joined). */
  content: string;
}

/** A request as the handler sees it. */
export interface MockRequest {
  /** URL path, e.g. "/v1/chat/completions". */
  path: string;
  /** Requested model name. */
  model: string;
  /** Whether the client asked for a server-sent-event stream. */
  stream: boolean;
  /** Chat messages (chat completions), else null. */
  messages: MockMessage[] | null;
  /** The prompt (legacy completions; one handler call per prompt of a batch), else null. */
  prompt: string | null;
  /** All message contents (joined by blank lines) or the prompt: what to match on. */
  text: string;
  /** The parsed JSON body as sent. */
  body: Record<string, unknown>;
}

/** What the mock answers: a completion, an HTTP error, or nothing until closed. */
export type MockReply =
  | {
      /** The completion text. */
      content: string;
      /** Wait this long before answering. */
      delayMs?: number;
    }
  | {
      /** HTTP status to answer with, e.g. 500 or 429. */
      status: number;
      /** Response body (JSON-encoded unless a string); defaults to an OpenAI-style error object. */
      body?: unknown;
      /** Extra response headers (e.g. {"retry-after": "1"}). */
      headers?: Record<string, string>;
    }
  | {
      /** Close the connection: before any header is sent, or after the headers and part of the body. */
      cut: "headers" | "body";
    }
  | {
      /** A 200 reply with exactly this body (e.g. text that is not JSON). */
      rawBody: string;
      /** Its content type (default application/json). */
      contentType?: string;
    }
  | {
      /** Never answer; the request stays open until the client gives up or close() is called. */
      hang: true;
    };

/** Produces the reply to one request. */
export type MockHandler = (request: MockRequest) => MockReply | Promise<MockReply>;

/** A fixed reply, or a function of the request. */
export type ScriptedReply = MockReply | MockHandler;

/** A request the mock received, with timing and outcome. */
export interface RecordedRequest extends MockRequest {
  /** Every prompt of a legacy completions batch ([] for chat). */
  prompts: string[];
  /** performance.now() when the request arrived. */
  arrivedAt: number;
  /** performance.now() when the response ended or the connection closed; null while open. */
  finishedAt: number | null;
  /** HTTP status sent, or null when none was (hang, client gave up). */
  status: number | null;
}

/** A running mock server. */
export interface MockOpenAI {
  /** Base URL for OpenAI clients, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  /** Every request received, in arrival order of their bodies. */
  requests: RecordedRequest[];
  /** The most requests that were open at the same time. */
  readonly maxConcurrent: number;
  /** Ends open (hanging) requests and stops the server. */
  close(): Promise<void>;
}

/** The structured-output mechanisms a mock can honour. */
export type MockMechanism = "all" | "jsonSchema" | "functionCalling" | "jsonMode" | "none";

/** Options for startMockOpenAI. */
export interface MockOpenAIOptions {
  /** Produces each reply. */
  handler: MockHandler;
  /** The one structured-output mechanism honoured (default "all"). */
  supports?: MockMechanism;
  /** Answer HTTP 400 to every request carrying response_format (as some servers do). */
  rejectResponseFormat?: boolean;
}

/** Which structured mechanism a chat request asks for. */
export function requestedMechanism(body: Record<string, unknown>): "jsonSchema" | "functionCalling" | "jsonMode" | "none" {
  const format = isObject(body.response_format) ? body.response_format.type : undefined;
  if (format === "json_schema") return "jsonSchema";
  if (format === "json_object") return "jsonMode";
  if (Array.isArray(body.tools) && body.tools.length > 0) return "functionCalling";
  return "none";
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

const CHAT_PATH = "/v1/chat/completions";
const COMPLETIONS_PATH = "/v1/completions";

/** Starts the mock on a random free port of 127.0.0.1. */
export async function startMockOpenAI(options: MockOpenAIOptions): Promise<MockOpenAI> {
  const requests: RecordedRequest[] = [];
  const closing = new AbortController();
  const live = new Set<Promise<void>>();
  let maxConcurrent = 0;

  const server = createServer((req, res) => {
    const arrivedAt = performance.now();
    let record: RecordedRequest | null = null;
    const ended = new Promise<void>((resolve) =>
      res.on("close", () => {
        live.delete(ended);
        if (record !== null) {
          record.finishedAt = performance.now();
          record.status = res.headersSent ? res.statusCode : null;
        }
        resolve();
      }),
    );
    live.add(ended);
    maxConcurrent = Math.max(maxConcurrent, live.size);
    serve(req, res, arrivedAt, (recorded) => {
      record = recorded;
      requests.push(recorded);
    }).catch((error: unknown) => {
      if (closing.signal.aborted || res.destroyed) return;
      sendJson(res, 500, errorBody(`mock handler failed: ${error instanceof Error ? error.message : String(error)}`));
    });
  });

  /** Parses, records and answers one request. */
  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    arrivedAt: number,
    onRecord: (r: RecordedRequest) => void,
  ): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const body = parseBody(await readBody(req));
    const recorded = toRequest(path, body ?? {});
    onRecord({ ...recorded.request, prompts: recorded.prompts, arrivedAt, finishedAt: null, status: null });
    if (req.method !== "POST" || (path !== CHAT_PATH && path !== COMPLETIONS_PATH)) {
      sendJson(res, 404, errorBody(`mock serves POST ${CHAT_PATH} and ${COMPLETIONS_PATH}, not ${req.method} ${path}`));
      return;
    }
    if (body === null) {
      sendJson(res, 400, errorBody("request body is not a JSON object"));
      return;
    }
    const calls =
      path === CHAT_PATH ? [recorded.request] : recorded.prompts.map((prompt) => ({ ...recorded.request, prompt, text: prompt }));
    if (path === CHAT_PATH && options.rejectResponseFormat && body.response_format !== undefined) {
      sendJson(res, 400, errorBody("response_format is not supported by this server", "invalid_request_error"));
      return;
    }
    const replies: MockReply[] = [];
    for (const call of calls) replies.push(await options.handler(call));
    if (replies.some((reply) => "hang" in reply)) return;
    const cut = replies.find((reply) => "cut" in reply);
    if (cut !== undefined && "cut" in cut) {
      if (cut.cut === "body") {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
        res.write('{"id":"chatcmpl-cut","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"par');
      }
      setImmediate(() => res.destroy());
      return;
    }
    const rawBody = replies.find((reply) => "rawBody" in reply);
    if (rawBody !== undefined && "rawBody" in rawBody) {
      res.writeHead(200, { "content-type": rawBody.contentType ?? "application/json" });
      res.end(rawBody.rawBody);
      return;
    }
    const failure = replies.find((reply) => "status" in reply);
    if (failure !== undefined && "status" in failure) {
      const failureBody = failure.body ?? errorBody(`mock error (status ${failure.status})`);
      sendJson(res, failure.status, failureBody, failure.headers);
      return;
    }
    const contents = replies.map((reply) => ("content" in reply ? reply.content : ""));
    const delayMs = Math.max(0, ...replies.map((reply) => ("delayMs" in reply ? (reply.delayMs ?? 0) : 0)));
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: closing.signal });
    if (res.destroyed) return;
    const promptText = path === CHAT_PATH ? recorded.request.text : recorded.prompts.join(" ");
    const usage = usageOf(promptText, contents.join(" "));
    const id = `mock-${requests.length}`;
    const includeUsage = streamOptionsIncludeUsage(body);
    if (path === CHAT_PATH) {
      const asked = requestedMechanism(body);
      const honoured =
        asked !== "none" && (options.supports ?? "all") !== "none" && ((options.supports ?? "all") === "all" || options.supports === asked);
      const tool = asked === "functionCalling" && honoured ? toolNameOf(body) : null;
      const content = honoured ? jsonIn(contents[0]) : contents[0];
      if (recorded.request.stream) sendEvents(res, chatChunks(id, recorded.request.model, content, includeUsage ? usage : null));
      else sendJson(res, 200, chatCompletion(id, recorded.request.model, content, usage, tool));
    } else if (recorded.request.stream) {
      sendEvents(res, textChunks(id, recorded.request.model, contents, includeUsage ? usage : null));
    } else {
      sendJson(res, 200, textCompletion(id, recorded.request.model, contents, usage));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("mock server has no TCP address");

  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    close() {
      closed ??= (async () => {
        closing.abort();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([stopped, ...live]);
      })();
      return closed;
    },
  };
}

/** Answers with the given replies in order; fails the request once they run out. */
export function scripted(replies: ScriptedReply[]): MockHandler {
  let next = 0;
  return (request) => {
    const reply = replies[next];
    if (reply === undefined) throw new Error(`scripted: no reply left for request ${next + 1} (${replies.length} scripted)`);
    next++;
    return typeof reply === "function" ? reply(request) : reply;
  };
}

/** Routes by a key computed from the request (e.g. which agent's prompt it is); an array entry is scripted in order. */
export function byRole(match: (request: MockRequest) => string, table: Record<string, ScriptedReply | ScriptedReply[]>): MockHandler {
  const handlers = new Map<string, MockHandler>();
  for (const [role, entry] of Object.entries(table)) {
    handlers.set(role, Array.isArray(entry) ? scripted(entry) : always(entry));
  }
  return (request) => {
    const role = match(request);
    const handler = handlers.get(role);
    if (handler === undefined) throw new Error(`byRole: no reply for role "${role}"`);
    return handler(request);
  };
}

/** The same reply (or function of the request) every time. */
function always(reply: ScriptedReply): MockHandler {
  return (request) => (typeof reply === "function" ? reply(request) : reply);
}

/** Reads a request body as text. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON object body, or null when it is not one. */
function parseBody(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** The handler's view of a body, plus the prompt list of a legacy completions request. */
function toRequest(path: string, body: Record<string, unknown>): { request: MockRequest; prompts: string[] } {
  const messages = Array.isArray(body.messages)
    ? body.messages.filter(isObject).map((message) => ({ role: String(message.role ?? ""), content: flattenContent(message.content) }))
    : null;
  const prompts = typeof body.prompt === "string" ? [body.prompt] : Array.isArray(body.prompt) ? body.prompt.map(String) : [];
  const prompt = messages === null && prompts.length > 0 ? prompts[0] : null;
  const text = messages !== null ? messages.map((message) => message.content).join("\n\n") : (prompt ?? "");
  const request = { path, model: String(body.model ?? ""), stream: body.stream === true, messages, prompt, text, body };
  return { request, prompts };
}

/** Message content as text: a string, or the text parts of a content array. */
function flattenContent(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter(isObject)
    .map((part) => (typeof part.text === "string" ? part.text : ""))
    .join("");
}

/** Whether the request asked for a final usage chunk (`stream_options.include_usage`). */
function streamOptionsIncludeUsage(body: Record<string, unknown>): boolean {
  return isObject(body.stream_options) && body.stream_options.include_usage === true;
}

/** Token counts as whitespace-separated words (deterministic for tests). */
function usageOf(promptText: string, completion: string): Usage {
  const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
  const prompt_tokens = words(promptText);
  const completion_tokens = words(completion);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/** A non-streaming chat.completion object; with `tool`, the content comes back as that tool's call. */
function chatCompletion(id: string, model: string, content: string, usage: Usage, tool: string | null = null): Record<string, unknown> {
  const message = tool
    ? {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [{ id: `call-${id}`, type: "function", function: { name: tool, arguments: content } }],
      }
    : { role: "assistant", content, refusal: null };
  return {
    id: `chatcmpl-${id}`,
    object: "chat.completion",
    created: nowSeconds(),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: tool ? "tool_calls" : "stop" }],
    usage,
  };
}

/** The function a request's tool_choice names (else its first tool). */
function toolNameOf(body: Record<string, unknown>): string {
  const choice = isObject(body.tool_choice) && isObject(body.tool_choice.function) ? body.tool_choice.function.name : undefined;
  if (typeof choice === "string") return choice;
  const first =
    Array.isArray(body.tools) && isObject(body.tools[0]) && isObject(body.tools[0].function) ? body.tools[0].function.name : undefined;
  return typeof first === "string" ? first : "tool";
}

/** What constrained decoding would send: the first balanced JSON object of the text alone (the text itself when it holds none). */
function jsonIn(text: string): string {
  const start = text.indexOf("{");
  if (start < 0) return text;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return text;
}

/** chat.completion.chunk events: role, content pieces, a finish chunk, then usage when asked for. */
function chatChunks(id: string, model: string, content: string, usage: Usage | null): Record<string, unknown>[] {
  const base = { id: `chatcmpl-${id}`, object: "chat.completion.chunk", created: nowSeconds(), model };
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  return [
    chunk({ role: "assistant", content: "" }, null),
    ...pieces(content).map((piece) => chunk({ content: piece }, null)),
    chunk({}, "stop"),
    ...(usage === null ? [] : [{ ...base, choices: [], usage }]),
  ];
}

/** A non-streaming text_completion object with one choice per prompt. */
function textCompletion(id: string, model: string, contents: string[], usage: Usage): Record<string, unknown> {
  return {
    id: `cmpl-${id}`,
    object: "text_completion",
    created: nowSeconds(),
    model,
    choices: contents.map((text, index) => ({ text, index, logprobs: null, finish_reason: "stop" })),
    usage,
  };
}

/** text_completion stream events: pieces per choice, a finish event per choice, then usage when asked for. */
function textChunks(id: string, model: string, contents: string[], usage: Usage | null): Record<string, unknown>[] {
  const base = { id: `cmpl-${id}`, object: "text_completion", created: nowSeconds(), model };
  const chunk = (index: number, text: string, finish: string | null) => ({
    ...base,
    choices: [{ text, index, logprobs: null, finish_reason: finish }],
  });
  return [
    ...contents.flatMap((content, index) => [...pieces(content).map((piece) => chunk(index, piece, null)), chunk(index, "", "stop")]),
    ...(usage === null ? [] : [{ ...base, choices: [], usage }]),
  ];
}

/** Splits text into word-sized stream pieces (each keeps its trailing whitespace). */
function pieces(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}

/** Sends a JSON response. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json", ...headers });
  res.end(text);
}

/** Sends server-sent events, one `data:` line per object, ending with `data: [DONE]`. */
function sendEvents(res: ServerResponse, events: Record<string, unknown>[]): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.end("data: [DONE]\n\n");
}

/** An OpenAI-style error object. */
function errorBody(message: string, type = "server_error"): Record<string, unknown> {
  return { error: { message, type, param: null, code: null } };
}

/** Unix time in seconds. */
function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Whether a value is a plain JSON object. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
