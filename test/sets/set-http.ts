/**
 * The set API as a test calls it: plain fetch over HTTP, every answer read whole (status, headers,
 * body parsed when it is JSON), nothing in between that could hide what the server said.
 */
import type { SetApiError } from '../../shared/protocol/sets.ts';
import type { SetContentInput } from '../../shared/question-sets/index.ts';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or its text when it is not JSON. */
  body: unknown;
  text: string;
}

export interface CallOptions {
  key?: string | null;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as is, with `type` (default text/plain). */
  body?: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
}

export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  let body: string | Buffer | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['Content-Type'] = options.type ?? 'text/plain';
    body = options.body;
  }
  const response = await fetch(`${base}${path}`, { method, headers, body: body as BodyInit | undefined });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the text is the body.
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The data of an accepted request (throws, with what the server said, on anything else). */
export function dataOf<T>(answer: HttpAnswer): T {
  const body = answer.body as { ok?: unknown; data?: T };
  if (answer.status >= 300 || body?.ok !== true) throw new Error(`refused: ${answer.status} ${answer.text.slice(0, 500)}`);
  return body.data as T;
}

/** The error of a refused request, with its status beside it. */
export function refusalOf(answer: HttpAnswer): SetApiError & { status: number } {
  const body = answer.body as { ok?: unknown; error?: SetApiError };
  if (body?.ok !== false || !body.error) throw new Error(`not a refusal: ${answer.status} ${answer.text.slice(0, 500)}`);
  return { status: answer.status, ...body.error };
}

export async function newKey(base: string): Promise<string> {
  return dataOf<{ key: string }>(await call(base, 'POST', '/api/teacher-keys')).key;
}

/** The source text's worked example as a teacher types it, a generated item and a multiple-choice item. */
export function sampleSet(title = 'Period 3'): SetContentInput {
  return {
    title,
    lang: 'en',
    items: [
      {
        type: 'numeric',
        network: { x: 0.5, layers: [{ w: 0.4, b: 0.1, activation: 'sigmoid' }], loss: 'mse', target: 0.8, lr: 0.01 },
        asks: ['dL/dw1'],
        note: 'the example from p. 42',
      },
      { type: 'generated', kind: 'chain-gradient', difficulty: 2, seed: 12345, timeLimitSec: 90, points: 2 },
      {
        type: 'choice',
        question: 'Why does $w$ grow when $\\frac{dL}{dw} < 0$?',
        choices: [
          { text: 'gradient descent steps against the gradient', correct: true },
          { text: 'the learning rate is negative', correct: false },
        ],
        timeLimitSec: null,
      },
    ],
  };
}
