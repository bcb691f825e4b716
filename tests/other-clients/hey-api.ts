// hey-api's fetch SDK (@hey-api/sdk + @hey-api/client-fetch), as its documentation shows it: the
// SDK function named after the operationId, with the path and query parameters by their names.
import { createClient } from '../generated/hey-api/client';
import * as sdk from '../generated/hey-api/sdk.gen';
import { type Client, failed, given, noResponse } from './outcome';

type Result = { data?: unknown; error?: unknown; response?: Response };
type Operation = (options: { client: ReturnType<typeof createClient>; path?: object; query?: object }) => Promise<Result>;

export const call: Client = async (baseUrl, apiKey, c) => {
  const client = createClient({ baseUrl, auth: () => apiKey });
  // An operation the SDK lacks fails the run (run.mjs), never calls another endpoint.
  const operation = (sdk as unknown as Record<string, Operation | undefined>)[c.operationId];
  if (typeof operation !== 'function') throw new Error(`hey-api: sdk.gen has no function ${c.operationId} (${c.recording})`);
  try {
    const result = await operation({ client, path: given(c.pathParams), query: given(c.query) });
    if (result.response === undefined) return noResponse(result.error);
    if (result.response.ok) return { read: result.data };
    const error = result.error as { errors?: unknown } | undefined;
    return failed(result.response.status, typeof error === 'object' ? error?.errors : undefined, error);
  } catch (e) {
    return noResponse(e);
  }
};
