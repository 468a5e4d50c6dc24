import type { ApiResult } from '../../../shared/api/errors';

// The department page reads the hub's JSON under /department/api/ with its session cookie (sent by
// the browser on its own, same origin only). An answer the hub refused throws its plain sentence.

export class DepartmentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let refused: (message: string) => void = () => {};
/** Who hears that the hub refused the session (a revoked link): the page then shows only that. */
export function whenRefused(listener: (message: string) => void): void {
  refused = listener;
}

async function answerOf<T>(request: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await request;
  } catch {
    throw new DepartmentError('INTERNAL', 'The hub is not answering: check the network, then reload the page.');
  }
  let body: ApiResult<T>;
  try {
    body = (await response.json()) as ApiResult<T>;
  } catch {
    throw new DepartmentError('INTERNAL', `The hub answered ${response.status} without a readable body.`);
  }
  if (!body.ok) {
    if (body.error.code === 'UNAUTHORIZED') refused(body.error.message);
    throw new DepartmentError(body.error.code, body.error.message);
  }
  return body.value;
}

export function read<T>(path: string, params: Record<string, string | null | undefined> = {}): Promise<T> {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString();
  return answerOf<T>(fetch(query ? `${path}?${query}` : path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

export function post<T>(path: string, body: unknown): Promise<T> {
  return answerOf<T>(fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }));
}
