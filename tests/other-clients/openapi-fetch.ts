// openapi-fetch over openapi-typescript's types: the other generated TypeScript client, called
// with the description's path template and the path and query parameters by their names.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi-fetch/schema';
import { type Client, failed, given, noResponse } from './outcome';

type Get = (path: string, init: { params: { path?: object; query?: object } }) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export const call: Client = async (baseUrl, apiKey, c) => {
  const client = createClient<paths>({ baseUrl, headers: { 'X-DC-DEVKEY': apiKey } });
  const get = client.GET.bind(client) as unknown as Get; // the path comes from the recording, not from code
  try {
    const result = await get(c.path, { params: { path: given(c.pathParams), query: given(c.query) } });
    if (result.response.ok) return { read: result.data };
    const error = result.error as { errors?: unknown } | string | undefined;
    return failed(result.response.status, typeof error === 'object' ? error?.errors : undefined, error);
  } catch (e) {
    return noResponse(e);
  }
};
