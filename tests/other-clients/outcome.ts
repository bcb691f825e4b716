// The normalised outcome of one recorded call, the same shape the .NET side writes
// (tests/DigiCert.CertCentral.OpenApi.Tests/GeneratedClients/RecordedCall.cs).
export interface RecordedCall {
  recording: string;
  operationId: 'listDuplicateCertificates' | 'getKeyInfo' | 'getOrganizationValidations';
  id: number;
  showArchived: boolean;
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
