// The consumer matrix: generates from the description with independent npm generators and
// validators, as other teams would, and reads every body of the corpus (corpus.mjs) with each.
// Usage: node run.mjs <description.yaml> <empty work directory>
// Writes <work>/report.json: per tool, how it reads the description and every case it rejected.
// Exit code 0 when every tool generated and accepted every case, 1 otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { buildCorpus } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const tools = path.join(repo, 'tools', 'node_modules');
const require = createRequire(path.join(tools, 'noop.js'));
const YAML = require('yaml');
const ts = require('typescript');

const [specArg, workArg] = process.argv.slice(2);
const spec = path.resolve(specArg);
const work = path.resolve(workArg);
fs.mkdirSync(work, { recursive: true });
fs.symlinkSync(tools, path.join(work, 'node_modules'), 'dir'); // generated code imports zod etc.

const description = YAML.parse(fs.readFileSync(spec, 'utf8'));
const corpus = buildCorpus(description, path.join(repo, 'tests', 'recordings'));
const report = { corpus: corpus.map((c) => c.name), tools: [] };

// From Debian's packages (golang-go, golang-github-getkin-kin-openapi-dev, python3-jsonschema), which
// the tests install when missing (tests/Shared/DebianPackages.cs) and .ci/run installs up front.
const debianPython = '/usr/bin/python3';
const debianGo = '/usr/bin/go';

function system(command, args, env = {}) {
  if (!fs.existsSync(command)) throw new Error(`${command} is missing: apt-get install golang-go golang-github-getkin-kin-openapi-dev python3-jsonschema`);
  const result = spawnSync(command, args, { cwd: work, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  if (result.error || result.status !== 0) throw new Error(`${command} ${args.join(' ')} ${result.error ? `failed: ${result.error.message}` : `exited ${result.status}`}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function run(tool, args) {
  const result = spawnSync(process.execPath, [path.join(tools, tool), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
}

// Generated TypeScript is transpiled (types erased) and imported to run its validators.
async function importTypeScript(file) {
  const output = file.replace(/\.ts$/, '.mjs');
  const source = fs.readFileSync(file, 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(output, js);
  return import(pathToFileURL(output).href);
}

const pascal = (name) => name[0].toUpperCase() + name.slice(1);
const zodError = (result) => result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

// Each tool: how it reads the description, how to generate, and a check(case) -> error text or null.
const matrix = [
  {
    tool: 'ajv (strict) + ajv-formats',
    reads: 'component schemas as JSON Schema, strict mode, formats validated, x- keywords declared',
    async setup() {
      const Ajv = require('ajv');
      const addFormats = require('ajv-formats');
      const ajv = new Ajv({ strict: true, allErrors: true });
      addFormats(ajv);
      const keywords = new Set(['example']);
      JSON.stringify(description.components.schemas, (key, value) => { if (key.startsWith('x-')) keywords.add(key); return value; });
      ajv.addVocabulary([...keywords]);
      const base = 'https://certcentral.invalid/components/schemas/';
      for (const [name, schema] of Object.entries(description.components.schemas)) {
        const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\/([A-Za-z]+)"/g, `"${base}$1"`));
        ajv.addSchema({ ...rewritten, $id: base + name });
      }
      return (c) => {
        const validate = ajv.getSchema(base + c.schema);
        return validate(c.body) ? null : ajv.errorsText(validate.errors);
      };
    },
  },
  {
    tool: '@hey-api/openapi-ts (zod, dates.offset)',
    reads: 'TypeScript types, SDK and zod schemas per component',
    async setup() {
      fs.writeFileSync(path.join(work, 'openapi-ts.config.mjs'),
        `export default { input: ${JSON.stringify(spec)}, output: 'hey-api', plugins: ['@hey-api/typescript', { name: 'zod', dates: { offset: true } }, '@hey-api/sdk', '@hey-api/client-fetch'] };\n`);
      run('@hey-api/openapi-ts/bin/run.js', ['-f', 'openapi-ts.config.mjs']);
      const zod = await importTypeScript(path.join(work, 'hey-api', 'zod.gen.ts'));
      return (c) => { const r = zod[`z${c.schema}`].safeParse(c.body); return r.success ? null : zodError(r); };
    },
  },
  {
    tool: 'orval (zod client)',
    reads: 'zod schemas per operation response (200 only)',
    async setup() {
      fs.writeFileSync(path.join(work, 'orval.config.mjs'),
        `export default { certcentral: { input: { target: ${JSON.stringify(spec)} }, output: { target: 'orval/zod.ts', client: 'zod', mode: 'single' } } };\n`);
      run('orval/dist/bin/orval.mjs', ['--config', 'orval.config.mjs']);
      const zod = await importTypeScript(path.join(work, 'orval', 'zod.ts'));
      return (c) => {
        if (c.schema === 'ErrorResponse') return undefined; // orval generates success responses only
        const r = zod[`${pascal(c.operationId)}Response`].safeParse(c.body);
        return r.success ? null : zodError(r);
      };
    },
  },
  {
    tool: 'openapi-zod-client (schemas-only)',
    reads: 'zod schemas per component (Zodios client template otherwise)',
    async setup() {
      run('openapi-zod-client/bin.js', [spec, '-o', 'openapi-zod-client.ts', '--export-schemas', '-t', path.join(tools, 'openapi-zod-client', 'src', 'templates', 'schemas-only.hbs')]);
      const { schemas } = await importTypeScript(path.join(work, 'openapi-zod-client.ts'));
      return (c) => { const r = schemas[c.schema].safeParse(c.body); return r.success ? null : zodError(r); };
    },
  },
  {
    tool: 'typed-openapi (zod runtime)',
    reads: 'zod schemas and inferred types per component',
    async setup() {
      run('typed-openapi/bin.js', [spec, '-r', 'zod', '-o', 'typed-openapi.ts']);
      const zod = await importTypeScript(path.join(work, 'typed-openapi.ts'));
      return (c) => { const r = zod[c.schema].safeParse(c.body); return r.success ? null : zodError(r); };
    },
  },
  {
    tool: 'openapi-typescript + tsc',
    reads: 'TypeScript types; every body type-checked as its schema type, with the consumer',
    async setup() {
      run('openapi-typescript/bin/cli.js', [spec, '--output', path.join(work, 'certcentral.ts')]);
      for (const file of ['consumer.ts', 'tsconfig.json']) fs.copyFileSync(path.join(repo, 'tests', 'typescript-consumer', file), path.join(work, file));
      // Bodies are assigned through a variable (no excess-property check, as for parsed JSON),
      // without `as const`, so string literals widen to string as a JSON parser's output would.
      const lines = ['import type { components } from "./certcentral";'];
      corpus.forEach((c, i) => {
        lines.push(`const body${i} = ${JSON.stringify(c.body)};`);
        lines.push(`export const case${i}: components["schemas"][${JSON.stringify(c.schema)}] = body${i}; // ${c.name.replace(/\n/g, ' ')}`);
      });
      fs.writeFileSync(path.join(work, 'bodies.ts'), lines.join('\n') + '\n');
      const tsconfig = JSON.parse(fs.readFileSync(path.join(work, 'tsconfig.json'), 'utf8'));
      tsconfig.files = ['consumer.ts', 'bodies.ts'];
      fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
      const tsc = spawnSync(process.execPath, [path.join(tools, 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: work, encoding: 'utf8' });
      const errors = tsc.stdout.split('\n').filter((line) => line.includes('error TS'));
      const consumerErrors = errors.filter((line) => line.startsWith('consumer.ts'));
      if (consumerErrors.length > 0) throw new Error('tests/typescript-consumer/consumer.ts does not compile:\n' + consumerErrors.join('\n'));
      const bodyLines = fs.readFileSync(path.join(work, 'bodies.ts'), 'utf8').split('\n');
      return (c) => {
        const index = corpus.indexOf(c);
        const line = bodyLines.findIndex((l) => l.startsWith(`export const case${index}:`)) + 1;
        const mine = errors.filter((e) => e.startsWith(`bodies.ts(${line},`));
        return mine.length ? mine.join('\n') : null;
      };
    },
  },
  {
    tool: 'python3-jsonschema (Debian, system python3)',
    reads: 'component schemas as JSON Schema (Draft 7), nullable translated to a null type',
    async setup() {
      const cases = path.join(work, 'python-cases.json');
      const json = path.join(work, 'description.json');
      fs.writeFileSync(cases, JSON.stringify(corpus.map(({ name, schema, body }) => ({ name, schema, body }))));
      fs.writeFileSync(json, JSON.stringify(description));
      const stdout = system(debianPython, [path.join(here, 'jsonschema_validator.py'), json, cases]);
      const rejected = JSON.parse(stdout);
      return (c) => rejected[c.name] ?? null;
    },
  },
  {
    tool: 'kin-openapi openapi3filter (Go, Debian)',
    reads: 'the document validated as OpenAPI 3; each body validated as the response of its operation and status',
    async setup() {
      // GOPATH mode on Debian's packages only: nothing is downloaded. The build cache is shared between runs.
      const binary = path.join(work, 'kin_openapi_validator');
      system(debianGo, ['build', '-o', binary, path.join(here, 'kin_openapi_validator.go')], {
        GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOPROXY: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local',
        GOCACHE: process.env.GOCACHE ?? path.join(os.tmpdir(), 'certcentral-go-build-cache'),
      });
      const cases = path.join(work, 'go-cases.json');
      fs.writeFileSync(cases, JSON.stringify(corpus.map(({ name, operationId, status, body }) => ({ name, operationId: operationId ?? '', status, body }))));
      const rejected = JSON.parse(system(binary, [spec, cases]));
      return (c) => rejected[c.name] ?? null;
    },
  },
  {
    tool: 'tsc on the generated clients',
    reads: 'hey-api SDK with tests/typescript-consumer/hey-api-consumer.ts, orval, openapi-zod-client and typed-openapi output compile (strict)',
    async setup() {
      fs.copyFileSync(path.join(repo, 'tests', 'typescript-consumer', 'hey-api-consumer.ts'), path.join(work, 'hey-api-consumer.ts'));
      const files = ['hey-api-consumer.ts', 'hey-api/index.ts', 'orval/zod.ts', 'openapi-zod-client.ts', 'typed-openapi.ts'].filter((f) => fs.existsSync(path.join(work, f)));
      fs.writeFileSync(path.join(work, 'tsconfig.generated.json'), JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM'] },
        files,
      }));
      const tsc = spawnSync(process.execPath, [path.join(tools, 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.generated.json', '--pretty', 'false'], { cwd: work, encoding: 'utf8' });
      if (tsc.status !== 0) throw new Error('generated clients do not compile:\n' + tsc.stdout);
      return () => undefined; // reads no bodies
    },
  },
];

let failed = false;
for (const entry of matrix) {
  const result = { tool: entry.tool, reads: entry.reads, generated: true, checked: 0, rejected: {} };
  try {
    const check = await entry.setup();
    for (const c of corpus) {
      const error = check(c);
      if (error === undefined) continue;
      result.checked++;
      if (error !== null) result.rejected[c.name] = error;
    }
  } catch (e) {
    result.generated = false;
    result.error = String(e.stack ?? e);
  }
  if (!result.generated || Object.keys(result.rejected).length > 0) failed = true;
  report.tools.push(result);
  const rejected = Object.keys(result.rejected);
  console.log(`${entry.tool}: ${result.generated ? `${result.checked - rejected.length}/${result.checked} accepted` : 'FAILED: ' + result.error.split('\n')[0]}`);
  for (const name of rejected) console.log(`  rejects ${name}: ${result.rejected[name].split('\n')[0].slice(0, 300)}`);
}
fs.writeFileSync(path.join(work, 'report.json'), JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
