// The bodies every consumer must accept: the recordings, the description's own examples, and
// variants the description calls legal (unknown values of open sets, identifiers as digit strings,
// unknown fields, null where nullable, and the wire forms of issue 10). Each case names the
// component schema it is read with: an operation's 200 schema, or ErrorResponse for errors; and
// the status it answers (for validators that check a response against its operation).
import fs from 'node:fs';
import path from 'node:path';

const clone = (value) => JSON.parse(JSON.stringify(value));
const componentName = (ref) => ref.replace('#/components/schemas/', '');

function resolve(spec, node) {
  while (node && node.$ref) {
    const parts = node.$ref.replace('#/', '').split('/');
    node = parts.reduce((at, part) => at[part], spec);
  }
  return node;
}

function operations(spec) {
  const result = {};
  for (const pathItem of Object.values(spec.paths)) {
    for (const operation of Object.values(pathItem)) {
      const success = operation.responses?.['200']?.content?.['application/json'];
      if (!success?.schema?.$ref) {
        throw new Error(`${operation.operationId}: the consumer matrix reads each operation's 200 answer as a schema of components/schemas; give its application/json schema a $ref (an inline schema has no name other teams' generators agree on).`);
      }
      result[operation.operationId] = { schema: componentName(success.schema.$ref), examples: success.examples ?? {} };
    }
  }
  return result;
}

// Whether null is legal for a schema: nullable on it or on one of its anyOf alternatives.
function allowsNull(spec, schema) {
  schema = resolve(spec, schema);
  return schema.nullable === true || (schema.anyOf ?? []).some((alternative) => allowsNull(spec, alternative));
}

// One variant per field present in the body whose schema allows null, required or not (a
// required nested object may still be null). Not array items: see openapi/README.md on
// openapi-zod-client and null items.
function nullVariants(spec, schema, body, at = []) {
  schema = resolve(spec, schema);
  const variants = [];
  if (Array.isArray(body) && schema.items) {
    body.forEach((item, index) => variants.push(...nullVariants(spec, schema.items, item, [...at, index])));
  } else if (body && typeof body === 'object' && schema.properties) {
    for (const [name, value] of Object.entries(body)) {
      const property = schema.properties[name];
      if (!property) continue;
      if (value !== null && allowsNull(spec, property)) {
        variants.push([...at, name]);
      }
      variants.push(...nullVariants(spec, property, value, [...at, name]));
    }
  }
  return variants;
}

function setAt(body, at, value) {
  const copy = clone(body);
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key];
  if (value === undefined) delete node[at.at(-1)];
  else node[at.at(-1)] = value;
  return copy;
}

function addUnknownFields(body) {
  const copy = clone(body);
  (function walk(node) {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      Object.values(node).forEach(walk);
      node.x_field_added_later = { nested: [1, 'two', null] };
    }
  })(copy);
  return copy;
}

export function buildCorpus(spec, recordingsDir) {
  const ops = operations(spec);
  const cases = [];
  // A success body answers 200; an error case its recorded status, or the status its example is documented under.
  const add = (name, operationId, schema, body, status = schema === 'ErrorResponse' ? 400 : 200) => cases.push({ name, operationId, schema, body, status });
  const documentedStatus = {};
  for (const pathItem of Object.values(spec.paths)) {
    for (const operation of Object.values(pathItem)) {
      for (const [code, response] of Object.entries(operation.responses)) {
        if (response.$ref) documentedStatus[response.$ref.replace('#/components/responses/', '')] ??= code === 'default' ? 502 : Number(code);
      }
    }
  }

  // Recordings (mappings name the operation and status).
  const mappings = path.join(recordingsDir, 'mappings');
  for (const file of fs.readdirSync(mappings).sort()) {
    const mapping = JSON.parse(fs.readFileSync(path.join(mappings, file), 'utf8'));
    const bodyFile = mapping.response?.bodyFileName;
    if (!bodyFile || !bodyFile.endsWith('.json')) continue;
    const body = JSON.parse(fs.readFileSync(path.join(recordingsDir, '__files', bodyFile), 'utf8'));
    const operationId = mapping.metadata.operationId;
    const schema = mapping.response.status < 300 ? ops[operationId].schema : 'ErrorResponse';
    add(`recording ${file}`, operationId, schema, body, mapping.response.status);
  }

  // The description's examples: success samples and every error example.
  const seeds = {};
  for (const [operationId, op] of Object.entries(ops)) {
    for (const [exampleName, example] of Object.entries(op.examples)) {
      const body = resolve(spec, example).value;
      seeds[`${operationId}.${exampleName}`] = body;
      add(`seed ${operationId}.${exampleName}`, operationId, op.schema, body);
    }
  }
  for (const [responseName, response] of Object.entries(spec.components.responses)) {
    const json = response.content?.['application/json'];
    if (!json) continue;
    const examples = json.example !== undefined ? { example: { value: json.example } } : json.examples ?? {};
    for (const [exampleName, example] of Object.entries(examples)) {
      add(`seed ${responseName}.${exampleName}`, null, 'ErrorResponse', example.value, documentedStatus[responseName]);
    }
  }

  const duplicates = seeds['listDuplicateCertificates.seed'];
  const apiKey = seeds['getKeyInfo.apiKey'];
  const acme = seeds['getKeyInfo.acmeUrl'];
  const validations = seeds['getOrganizationValidations.seed'];
  const variant = (name, operationId, body) => add(`variant ${name}`, operationId, ops[operationId].schema, body);

  // Open value sets: a value no version of the description lists.
  variant('certificate status revoked', 'listDuplicateCertificates', setAt(duplicates, ['certificates', 0, 'status'], 'revoked'));
  variant('key status suspended', 'getKeyInfo', setAt(apiKey, ['status'], 'suspended'));
  variant('role 104', 'getKeyInfo', setAt(apiKey, ['restricted_to_role_id'], 104));
  variant('validation type vmc', 'getOrganizationValidations', setAt(validations, ['validations', 0, 'type'], 'vmc'));
  variant('validation status expired', 'getOrganizationValidations', setAt(validations, ['validations', 0, 'status'], 'expired'));

  // Identifiers, strings and dates as the wire sends them.
  variant('organization_id as a digit string', 'getKeyInfo', setAt(acme, ['organization_id'], '123456'));
  variant('ids beyond 32 bits', 'listDuplicateCertificates', setAt(setAt(duplicates, ['certificates', 0, 'id'], 3000000000), ['certificates', 0, 'user_id'], 4000000000));
  variant('key id beyond 32 bits', 'getKeyInfo', setAt(apiKey, ['id'], 3000000000));
  variant('ca_cert_id as 40 hex', 'listDuplicateCertificates', setAt(duplicates, ['certificates', 0, 'ca_cert_id'], '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c'));
  variant('sub_id zero-padded', 'listDuplicateCertificates', setAt(duplicates, ['certificates', 0, 'sub_id'], '001'));
  variant('install_url without a scheme', 'listDuplicateCertificates', setAt(duplicates, ['certificates', 0, 'server_platform', 'install_url'], 'www.example.com'));
  variant('valid_from as a timestamp', 'listDuplicateCertificates', setAt(duplicates, ['certificates', 0, 'valid_from'], '2016-03-23T00:00:00+00:00'));
  variant('date_created without an offset', 'listDuplicateCertificates', setAt(duplicates, ['certificates', 0, 'date_created'], '2016-03-25T21:01:40'));
  variant('date_created with a space', 'listDuplicateCertificates', setAt(duplicates, ['certificates', 0, 'date_created'], '2016-03-25 21:01:40'));
  variant('create_date without an offset', 'getKeyInfo', setAt(apiKey, ['create_date'], '2018-08-07T23:27:58'));
  variant('validated_until at Mountain midnight', 'getOrganizationValidations', setAt(validations, ['validations', 0, 'validated_until'], '2019-11-09T06:00:00+00:00'));
  variant('EV without verified_users', 'getOrganizationValidations', setAt(validations, ['validations', 1, 'verified_users'], undefined));
  variant('certificates left out', 'listDuplicateCertificates', {});
  variant('validations left out', 'getOrganizationValidations', {});
  add('variant error without a message', null, 'ErrorResponse', { errors: [{ code: 'not_found|order' }] });

  // Unknown fields everywhere.
  variant('unknown fields (duplicates)', 'listDuplicateCertificates', addUnknownFields(duplicates));
  variant('unknown fields (ACME URL)', 'getKeyInfo', addUnknownFields(acme));
  variant('unknown fields (validations)', 'getOrganizationValidations', addUnknownFields(validations));
  add('variant unknown fields (error)', null, 'ErrorResponse', addUnknownFields({ errors: [{ code: 'x', message: 'y' }] }));
  for (const [seedName, seed] of Object.entries(seeds)) variant(`unknown fields (${seedName})`, seedName.slice(0, seedName.lastIndexOf('.')), addUnknownFields(seed));

  // null wherever the description allows it, in every operation's examples (an added operation's too).
  for (const [seedName, seed] of Object.entries(seeds)) {
    const operationId = seedName.slice(0, seedName.lastIndexOf('.'));
    for (const at of nullVariants(spec, { $ref: `#/components/schemas/${ops[operationId].schema}` }, seed)) {
      variant(`${seedName} with ${at.join('.')} null`, operationId, setAt(seed, at, null));
    }
  }
  return cases;
}
