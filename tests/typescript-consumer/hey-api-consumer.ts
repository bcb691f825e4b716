// A consumer of the SDK that @hey-api/openapi-ts generates from openapi/certcentral.yaml into
// ./hey-api (with its zod plugin): compiled by the consumer matrix (tests/consumer-matrix/run.mjs).
// It calls an operation and reads the open sets and wire forms as the description allows them.
import { getKeyInfo, listDuplicateCertificates } from "./hey-api";
import type { DuplicateCertificate, KeyInfo } from "./hey-api";
import { zKeyInfo } from "./hey-api/zod.gen";

export async function keyStatus(apiKey: string, keyId: number): Promise<string> {
  const { data, error } = await getKeyInfo({ path: { key_id: keyId }, headers: { "X-DC-DEVKEY": apiKey } });
  if (error !== undefined || data === undefined) return "unavailable";
  return data.status === "revoked" || data.status === "suspended" ? "unusable" : data.status;
}

export async function revokedNames(apiKey: string, orderId: number): Promise<string[]> {
  const { data } = await listDuplicateCertificates({ path: { order_id: orderId }, headers: { "X-DC-DEVKEY": apiKey } });
  // A list the server leaves out when empty.
  return (data?.certificates ?? []).filter((c: DuplicateCertificate) => c.status === "revoked").map((c) => c.common_name);
}

export function role(key: KeyInfo): string {
  return key.restricted_to_role_id == null || key.restricted_to_role_id === 0 ? "Unrestricted" : `role ${key.restricted_to_role_id}`;
}

export function validate(body: unknown): boolean {
  return zKeyInfo.safeParse(body).success;
}
