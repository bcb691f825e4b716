// A small TypeScript consumer of the description, type-checked by the test suite against types
// that openapi-typescript generates from openapi/certcentral.yaml into ./certcentral.ts. If the
// description changes incompatibly (an operation, a field or a wire type goes), this stops compiling.
import type { components, operations, paths } from "./certcentral";

type DuplicateList = paths["/order/certificate/{order_id}/duplicate"]["get"]["responses"][200]["content"]["application/json"];
type DuplicateCertificate = components["schemas"]["DuplicateCertificate"];
type KeyInfo = operations["getKeyInfo"]["responses"][200]["content"]["application/json"];
type ValidationList = operations["getOrganizationValidations"]["responses"][200]["content"]["application/json"];
type ErrorResponse = operations["getKeyInfo"]["responses"][404]["content"]["application/json"];

// The three operations' parameters.
export const listRequest: operations["listDuplicateCertificates"]["parameters"] = {
  path: { order_id: 12345 },
  query: { show_archived: true },
};
export const keyRequest: operations["getKeyInfo"]["parameters"]["path"] = { key_id: 184 };
export const validationsRequest: operations["getOrganizationValidations"]["parameters"]["path"] = { organization_id: 112233 };

// Quirks, read as the wire sends them.
export function validityYears(key: KeyInfo): number | undefined {
  // A whole number sent as a string ("2"); absent or null on API keys.
  return key.validity_years == null ? undefined : Number.parseInt(key.validity_years, 10);
}

export function isArchived(certificate: DuplicateCertificate): boolean {
  // A flag sent as "0" / "1".
  const flag: string = certificate.archived;
  return flag === "1";
}

export function acmeOrganization(key: KeyInfo): { id: number; name: string } | undefined {
  // Documented as string, sent as an integer or a string of digits; and organization_name, not organizatin_name.
  return key.acme_directory_url == null || key.organization_id == null || key.organization_name == null
    ? undefined
    : { id: Number(key.organization_id), name: key.organization_name };
}

export function roleName(key: KeyInfo): string {
  // An open set: the glossary's roles, and any role DigiCert adds later.
  switch (key.restricted_to_role_id) {
    case null:
    case undefined:
    case 0:
      return "Unrestricted";
    case 100:
      return "Orders";
    case 101:
      return "Orders, Domains and Organizations";
    default:
      return `role ${key.restricted_to_role_id}`;
  }
}

export function isRevoked(certificate: DuplicateCertificate): boolean {
  // An open set: "revoked" is not among the documented values, and still a legal status.
  return certificate.status === "revoked";
}

export function installUrl(certificate: DuplicateCertificate): string | undefined {
  // The platform may be null; its URL may lack a scheme ("www.example.com").
  const url = certificate.server_platform?.install_url;
  return url == null ? undefined : /^[a-z]+:\/\//i.test(url) ? url : `http://${url}`;
}

export function issuedNames(list: DuplicateList): string[] {
  // Issuance fields are optional: rejected and pending duplicates lack them.
  // A list the server leaves out when empty.
  return (list.certificates ?? [])
    .filter((c) => c.serial_number != null && (c.status === "issued" || c.status === "approved"))
    .map((c) => `${c.common_name} until ${c.valid_till ?? "?"}`);
}

export function pendingValidationUsers(list: ValidationList): string[] {
  return (list.validations ?? [])
    .filter((v) => v.status === "pending" || v.status === "expired")
    .flatMap((v) => (v.verified_users ?? []).flatMap((u) => (u == null ? [] : [`${u.first_name} ${u.last_name}`])));
}

export function errorSubject(error: ErrorResponse): string | undefined {
  // Codes carry a suffix: not_found|order.
  return error.errors[0]?.code.split(/[|:]/)[1];
}

// The ACME URL sample, typed as the response.
export const acmeSample: KeyInfo = {
  id: 15,
  user: { id: 10, first_name: "Jill", last_name: "Valentine" },
  status: "active",
  create_date: "2018-11-20T22:27:47+00:00",
  name: "ACME URL Name",
  is_legacy: false,
  restricted_to_role_id: 0,
  acme_directory_url: "******nnAA",
  product_name_id: "ssl_plus",
  product_name: "Standard SSL",
  organization_id: 123456,
  organization_name: "STARS",
  validity_days: "0",
  validity_years: "2",
};
