/** Calls the dashboard's API with Telegram's signed launch data; nothing else identifies the caller. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(`api ${status}`);
  }
}

let initData = '';

export function useInitData(value: string): void {
  initData = value;
}

export async function api<T>(path: string, body?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`api/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      'X-Telegram-Init-Data': initData,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) throw new ApiError(response.status);
  return (await response.json()) as T;
}
