// hey-api's fetch SDK (@hey-api/sdk + @hey-api/client-fetch), as its documentation shows it.
import { createClient } from '../generated/hey-api/client';
import { getKeyInfo, getOrganizationValidations, listDuplicateCertificates } from '../generated/hey-api/sdk.gen';
import { type Client, failed, noResponse } from './outcome';

export const call: Client = async (baseUrl, apiKey, c) => {
  const client = createClient({ baseUrl, auth: () => apiKey });
  try {
    const result =
      c.operationId === 'listDuplicateCertificates'
        ? await listDuplicateCertificates({ client, path: { order_id: c.id }, query: c.showArchived ? { show_archived: true } : undefined })
        : c.operationId === 'getKeyInfo'
          ? await getKeyInfo({ client, path: { key_id: c.id } })
          : await getOrganizationValidations({ client, path: { organization_id: c.id } });
    if (result.response === undefined) return noResponse(result.error);
    if (result.response.ok) return { read: result.data };
    const error = result.error as { errors?: unknown } | undefined;
    return failed(result.response.status, typeof error === 'object' ? error?.errors : undefined, error);
  } catch (e) {
    return noResponse(e);
  }
};
