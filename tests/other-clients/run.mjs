// Other teams' generated TypeScript clients against the recordings sandbox: generates each client
// from the description with the pinned tools (tools/package-lock.json; Kiota from the dotnet tool
// manifest), type-checks them with their harnesses (tsc, strict), bundles each harness (esbuild),
// then makes every recorded call with each client.
// Usage: node run.mjs <description.yaml> <empty work directory> <sandbox base URL> <calls.json>
// Writes <work>/outcomes.json: per client, whether it generated and compiled (else the tool's own
// output) and its outcome for each recording. Exit code 0 when every client ran, 1 otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const tools = path.join(repo, 'tools', 'node_modules');
const require = createRequire(path.join(tools, 'noop.js'));
const esbuild = require('esbuild');

const [specArg, workArg, baseUrl, callsArg] = process.argv.slice(2);
const spec = path.resolve(specArg);
const work = path.resolve(workArg);
const calls = JSON.parse(fs.readFileSync(callsArg, 'utf8'));
const generated = path.join(work, 'generated');
const harness = path.join(work, 'harness');
fs.mkdirSync(generated, { recursive: true });
fs.mkdirSync(harness, { recursive: true });
fs.symlinkSync(tools, path.join(work, 'node_modules'), 'dir'); // generated code imports the runtimes
const apiKey = 'OTHER-CLIENTS-PLACEHOLDER-KEY'; // recordings match the key on presence only
const timeout = 120_000; // per generator run: a hung tool fails with its output, not the test's timeout
const callLimit = 60_000; // per recorded call (the slowest recording answers after 5 s)

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: work, encoding: 'utf8', timeout, ...options, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env } });
  if (result.error || result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.join(' ')} ${result.error ? `failed: ${result.error.message}` : `exited ${result.status}`}:\n${result.stdout}\n${result.stderr}`);
  }
}
const node = (tool, args) => run(process.execPath, [path.join(tools, tool), ...args]);

// Each client: its name (as openapi/README.md lists it), how to generate it, and its harness.
const clients = [
  {
    name: 'hey-api fetch SDK (TypeScript)',
    harness: 'hey-api.ts',
    generate() {
      fs.writeFileSync(path.join(work, 'openapi-ts.config.mjs'),
        `export default { input: ${JSON.stringify(spec)}, output: ${JSON.stringify(path.join(generated, 'hey-api'))}, plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'] };\n`);
      node('@hey-api/openapi-ts/bin/run.js', ['-f', 'openapi-ts.config.mjs']);
    },
  },
  {
    name: 'openapi-fetch + openapi-typescript (TypeScript)',
    harness: 'openapi-fetch.ts',
    generate() {
      node('openapi-typescript/bin/cli.js', [spec, '--output', path.join(generated, 'openapi-fetch', 'schema.ts')]);
    },
  },
  {
    name: 'Kiota TypeScript',
    harness: 'kiota.ts',
    generate() {
      run('dotnet', ['kiota', 'generate', '--language', 'TypeScript', '--openapi', spec, '--output', path.join(generated, 'kiota'),
        '--class-name', 'CertCentralKiotaClient', '--clean-output', '--log-level', 'Error'], {
        cwd: repo, // the tool manifest (.config/dotnet-tools.json)
        env: { KIOTA_OFFLINE_ENABLED: 'true', KIOTA_CLI_TELEMETRY_OPTOUT: 'true', KIOTA_TUTORIAL_ENABLED: 'false', KIOTA_CONSOLE_COLORS_ENABLED: 'false' },
      });
    },
  },
];

const report = {};
for (const client of clients) {
  report[client.name] = { generated: true, outcomes: {} };
  try {
    client.generate();
  } catch (e) {
    report[client.name] = { generated: false, error: String(e.message ?? e) };
  }
}

// One strict type-check of every harness with the code it imports; errors are charged to the
// client whose harness or generated folder they are in.
for (const file of ['outcome.ts', ...clients.map((c) => c.harness)]) fs.copyFileSync(path.join(here, file), path.join(harness, file));
fs.copyFileSync(path.join(here, 'tsconfig.json'), path.join(work, 'tsconfig.json'));
const tsconfig = JSON.parse(fs.readFileSync(path.join(work, 'tsconfig.json'), 'utf8'));
tsconfig.include = clients.filter((c) => report[c.name].generated).map((c) => `harness/${c.harness}`);
fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
const tsc = spawnSync(process.execPath, [path.join(tools, 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: work, encoding: 'utf8', timeout });
const tscErrors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((line) => line.includes('error TS'));
if ((tsc.status !== 0 || tsc.error) && tscErrors.length === 0) tscErrors.push(`tsc failed: ${tsc.error?.message ?? ''}${tsc.stdout}${tsc.stderr}`);
const folders = { 'hey-api.ts': 'generated/hey-api/', 'openapi-fetch.ts': 'generated/openapi-fetch/', 'kiota.ts': 'generated/kiota/' };
for (const client of clients.filter((c) => report[c.name].generated)) {
  const mine = tscErrors.filter((line) => line.startsWith(`harness/${client.harness}`) || line.startsWith(folders[client.harness]) || !line.startsWith('harness/') && !line.startsWith('generated/'));
  if (mine.length > 0) report[client.name] = { generated: false, error: 'tsc (strict):\n' + mine.join('\n') };
}

// Bundled (esbuild resolves the generated code's extensionless imports), then called.
await Promise.all(clients.filter((c) => report[c.name].generated).map(async (client) => {
  try {
    const bundle = path.join(work, 'bundles', client.harness.replace(/\.ts$/, '.mjs'));
    await esbuild.build({ entryPoints: [path.join(harness, client.harness)], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent' });
    const { call } = await import(pathToFileURL(bundle).href);
    // Bounded, so a client that never returns fails its recording instead of hanging the run.
    const bounded = (c) => Promise.race([call(baseUrl, apiKey, c), new Promise((resolve) => setTimeout(() => resolve({ status: 0, detail: `no answer within ${callLimit} ms` }), callLimit).unref())]);
    const outcomes = await Promise.all(calls.map(async (c) => [c.recording, await bounded(c)]));
    report[client.name].outcomes = Object.fromEntries(outcomes);
  } catch (e) {
    report[client.name] = { generated: false, error: String(e.stack ?? e) };
  }
}));

fs.writeFileSync(path.join(work, 'outcomes.json'), JSON.stringify(report, null, 2));
for (const [name, result] of Object.entries(report)) console.log(`${name}: ${result.generated ? `${Object.keys(result.outcomes).length} calls` : 'FAILED: ' + result.error.split('\n')[0]}`);
process.exit(Object.values(report).every((r) => r.generated) ? 0 : 1);
