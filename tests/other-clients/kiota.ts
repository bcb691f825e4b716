// Kiota's TypeScript client with the bundle's default request adapter. Models are written back to
// JSON by Kiota's own serializer, as the client would send them.
import { ApiKeyAuthenticationProvider, ApiKeyLocation, type Parsable, type SerializationWriter } from '@microsoft/kiota-abstractions';
import { DefaultRequestAdapter } from '@microsoft/kiota-bundle';
import { JsonSerializationWriter } from '@microsoft/kiota-serialization-json';
import { createCertCentralKiotaClient } from '../generated/kiota/certCentralKiotaClient';
import { type ErrorResponse, serializeDuplicateCertificateList, serializeErrorDetail, serializeKeyInfo, serializeOrganizationValidationList } from '../generated/kiota/models';
import { type Client, failed, noResponse } from './outcome';

function toJson<T extends Parsable>(value: T, serialize: (writer: SerializationWriter, value?: Partial<T> | undefined | null) => void): unknown {
  const writer = new JsonSerializationWriter();
  writer.writeObjectValue(undefined, value, serialize);
  return JSON.parse(new TextDecoder().decode(writer.getSerializedContent()));
}

export const call: Client = async (baseUrl, apiKey, c) => {
  const adapter = new DefaultRequestAdapter(new ApiKeyAuthenticationProvider(apiKey, 'X-DC-DEVKEY', ApiKeyLocation.Header));
  adapter.baseUrl = baseUrl;
  const client = createCertCentralKiotaClient(adapter);
  try {
    if (c.operationId === 'listDuplicateCertificates') {
      const list = await client.order.certificate.byOrder_id(c.id).duplicate.get({ queryParameters: c.showArchived ? { showArchived: true } : undefined });
      return { read: list === undefined ? null : toJson(list, serializeDuplicateCertificateList) };
    }
    if (c.operationId === 'getKeyInfo') {
      const key = await client.key.byKey_id(c.id).get();
      return { read: key === undefined ? null : toJson(key, serializeKeyInfo) };
    }
    const validations = await client.organization.byOrganization_id(c.id).validation.get();
    return { read: validations === undefined ? null : toJson(validations, serializeOrganizationValidationList) };
  } catch (e) {
    const status = (e as { responseStatusCode?: number }).responseStatusCode;
    if (status === undefined) return noResponse(e);
    const errors = (e as ErrorResponse).errors?.map((error) => toJson(error, serializeErrorDetail));
    return failed(status, errors, e);
  }
};
