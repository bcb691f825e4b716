// The normalised outcome of one recorded call, the same shape the .NET side writes
// (tests/DigiCert.CertCentral.OpenApi.Tests/GeneratedClients/RecordedCall.cs).
export type Value = string | number | boolean;

// One recorded call, as the description names it: no harness knows any operation by name.
export interface RecordedCall {
  recording: string;
  operationId: string;
  path: string; // the path template, e.g. /order/certificate/{order_id}/duplicate
  pathParams: Record<string, Value>; // by the description's names (order_id)
  query: Record<string, Value>; // by the description's names (show_archived, filters[status])
  schema: string | null; // the component schema of the 200 answer
}

export type Outcome = { read: unknown } | { status: number; errors?: unknown[]; detail: string };

export type Client = (baseUrl: string, apiKey: string, call: RecordedCall) => Promise<Outcome>;

const text = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e) ?? String(e)).slice(0, 300);

export function failed(status: number, errors: unknown, detail: unknown): Outcome {
  const outcome: { status: number; errors?: unknown[]; detail: string } = { status, detail: text(detail) };
  if (Array.isArray(errors) && errors.length > 0) outcome.errors = errors;
  return outcome;
}

// The fetch API rejects when no complete response arrived.
export const noResponse = (e: unknown): Outcome => failed(0, undefined, e);

// undefined for no parameters, as a hand-written call leaves them out.
export const given = (values: Record<string, Value>): Record<string, Value> | undefined => (Object.keys(values).length > 0 ? values : undefined);
