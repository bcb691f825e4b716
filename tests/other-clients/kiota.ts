// Kiota's TypeScript client with the bundle's default request adapter, navigated from the path
// template: a segment is the property of its name in camelCase (order, duplicate), a {parameter}
// the by<Parameter> method (byOrder_id). Query parameters go by their URI template names (as
// Kiota escapes them: filters%5Bstatus%5D), which Kiota passes through. Models are written back
// to JSON by Kiota's own serializer (serialize<Schema>), as the client would send them.
import { ApiKeyAuthenticationProvider, ApiKeyLocation, type Parsable, type SerializationWriter } from '@microsoft/kiota-abstractions';
import { DefaultRequestAdapter } from '@microsoft/kiota-bundle';
import { JsonSerializationWriter } from '@microsoft/kiota-serialization-json';
import { createCertCentralKiotaClient } from '../generated/kiota/certCentralKiotaClient';
import * as models from '../generated/kiota/models';
import { type Client, failed, noResponse, type Value } from './outcome';

type Serializer = (writer: SerializationWriter, value?: Partial<Parsable> | undefined | null) => void;
type Builder = Record<string, unknown> & { get?: (config?: { queryParameters?: Record<string, Value> }) => Promise<Parsable | undefined> };

function toJson(value: Parsable, serialize: Serializer): unknown {
  const writer = new JsonSerializationWriter();
  writer.writeObjectValue(undefined, value, serialize);
  return JSON.parse(new TextDecoder().decode(writer.getSerializedContent()));
}

const camel = (segment: string) => segment.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase()).replace(/^./, (first) => first.toLowerCase());
const templateName = (name: string) => name.replace(/[^A-Za-z0-9_]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));

export const call: Client = async (baseUrl, apiKey, c) => {
  const adapter = new DefaultRequestAdapter(new ApiKeyAuthenticationProvider(apiKey, 'X-DC-DEVKEY', ApiKeyLocation.Header));
  adapter.baseUrl = baseUrl;
  // A segment, parameter or model Kiota has not generated fails the run (run.mjs), never calls another endpoint.
  let builder = createCertCentralKiotaClient(adapter) as unknown as Builder;
  for (const segment of c.path.split('/').filter((s) => s.length > 0)) {
    const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
    const name = parameter === undefined ? camel(segment) : 'by' + parameter[0].toUpperCase() + parameter.slice(1);
    const next = builder[name];
    if (next === undefined || next === null) throw new Error(`Kiota TypeScript: no ${name} for the segment ${segment} of ${c.path} (${c.recording})`);
    builder = (parameter === undefined ? next : (next as (value: Value) => unknown).call(builder, c.pathParams[parameter])) as Builder;
  }
  const serialize = c.schema === null ? undefined : (models as unknown as Record<string, Serializer | undefined>)[`serialize${c.schema}`];
  if (typeof builder.get !== 'function' || (c.schema !== null && serialize === undefined)) throw new Error(`Kiota TypeScript: no get() or serialize${c.schema} for ${c.path} (${c.recording})`);
  const query = Object.fromEntries(Object.entries(c.query).map(([name, value]) => [templateName(name), value]));
  try {
    const model = await builder.get({ queryParameters: Object.keys(query).length > 0 ? query : undefined });
    return { read: model === undefined ? null : serialize === undefined ? model : toJson(model, serialize) };
  } catch (e) {
    const status = (e as { responseStatusCode?: number }).responseStatusCode;
    if (status === undefined) return noResponse(e);
    const errors = (e as models.ErrorResponse).errors?.map((error) => toJson(error, models.serializeErrorDetail as Serializer));
    return failed(status, errors, e);
  }
};
