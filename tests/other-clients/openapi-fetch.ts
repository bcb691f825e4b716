// openapi-fetch over openapi-typescript's types: the other generated TypeScript client.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi-fetch/schema';
import { type Client, failed, noResponse } from './outcome';

export const call: Client = async (baseUrl, apiKey, c) => {
  const client = createClient<paths>({ baseUrl, headers: { 'X-DC-DEVKEY': apiKey } });
  try {
    const result =
      c.operationId === 'listDuplicateCertificates'
        ? await client.GET('/order/certificate/{order_id}/duplicate', { params: { path: { order_id: c.id }, query: c.showArchived ? { show_archived: true } : undefined } })
        : c.operationId === 'getKeyInfo'
          ? await client.GET('/key/{key_id}', { params: { path: { key_id: c.id } } })
          : await client.GET('/organization/{organization_id}/validation', { params: { path: { organization_id: c.id } } });
    if (result.response.ok) return { read: result.data };
    const error = result.error as { errors?: unknown } | string | undefined;
    return failed(result.response.status, typeof error === 'object' ? error?.errors : undefined, error);
  } catch (e) {
    return noResponse(e);
  }
};
