#!/usr/bin/env node
// WireMock standalone (npm package "wiremock", pinned in package-lock.json), the one place that
// knows how to start it.
//
//   node tools/wiremock.js serve  [--root DIR] [--port N] [--verbose]
//       Plays back recordings (default: tests/recordings) on 127.0.0.1 and prints the base URL to
//       point the client at. Runs until stopped (Ctrl+C).
//   node tools/wiremock.js record --target URL [--out DIR] SCENARIO=ID[,archived] ...
//       Refreshes recordings: proxies the given calls to URL (the live API) through WireMock's
//       record mode, then writes one strict mapping and one body file per scenario, named
//       <operationId>.<scenario>.json. The API key comes from CERTCENTRAL_API_KEY; it is never
//       written: WireMock persists nothing, only the request headers needed for matching are
//       captured, response headers other than Content-Type are dropped, and every file is checked
//       for the key before it is written.
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..');
const jar = path.join(__dirname, 'node_modules', 'wiremock', 'build', 'wiremock-standalone-3.13.2.jar');
const defaultRoot = path.join(repoRoot, 'tests', 'recordings');

// The three operations: how a scenario's ID becomes the request path (as in openapi/certcentral.yaml).
const operations = {
  listDuplicateCertificates: (id) => `/services/v2/order/certificate/${id}/duplicate`,
  getKeyInfo: (id) => `/services/v2/key/${id}`,
  getOrganizationValidations: (id) => `/services/v2/organization/${id}/validation`,
};

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--verbose') options.verbose = true;
    else if (arg.startsWith('--')) {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      options[arg.slice(2)] = argv[++i];
    } else options._.push(arg);
  }
  return options;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function requireJava() {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error) fail('Java 17 or later is required to run WireMock: install a JRE so that "java" is on PATH.');
  if (!fs.existsSync(jar)) fail(`WireMock is not installed (${jar} is missing): run "node tools/ensure-tools.js".`);
}

// Starts WireMock on 127.0.0.1 and resolves once /__admin/health answers.
async function startWireMock({ root, port, verbose, inheritOutput }) {
  requireJava();
  const args = ['-jar', jar, '--bind-address', '127.0.0.1', '--port', String(port), '--disable-banner'];
  if (root) args.push('--root-dir', root);
  if (verbose) args.push('--verbose');
  const child = spawn('java', args, { stdio: inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  let output = '';
  if (!inheritOutput) {
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) fail(`WireMock exited with code ${child.exitCode} while starting:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/__admin/health`);
      if (response.ok) return { child, baseUrl };
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill();
      fail(`WireMock did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopOnSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => { child.kill(); process.exit(0); });
  }
  process.on('exit', () => child.kill());
}

async function serve(options) {
  const root = path.resolve(options.root || defaultRoot);
  const port = options.port ? Number(options.port) : await freePort();
  const { child, baseUrl } = await startWireMock({ root, port, verbose: options.verbose, inheritOutput: true });
  stopOnSignals(child);
  console.log(`WireMock is playing back ${root}`);
  console.log(`base URL: ${baseUrl}/services/v2`);
  child.on('exit', (code) => process.exit(code ?? 0));
}

// Values that must never reach a committed file.
function assertNoSecret(text, apiKey, fileName) {
  if (apiKey && text.includes(apiKey)) fail(`refusing to write ${fileName}: it contains the API key`);
  if (/x-dc-devkey"\s*:\s*"/i.test(text)) fail(`refusing to write ${fileName}: it contains an X-DC-DEVKEY value`);
}

function strictMapping(operationId, scenario, id, archived, recorded, bodyFileName) {
  const contentType = Object.entries(recorded.response.headers || {})
    .find(([name]) => name.toLowerCase() === 'content-type');
  return {
    name: `${operationId}.${scenario}`,
    request: {
      method: 'GET',
      urlPath: operations[operationId](id),
      queryParameters: operationId === 'listDuplicateCertificates'
        ? { show_archived: archived ? { equalTo: 'true' } : { absent: true } }
        : undefined,
      headers: {
        'X-DC-DEVKEY': { matches: '.+' },
        Accept: { equalTo: 'application/json' },
        'Content-Type': { absent: true },
      },
    },
    response: {
      status: recorded.response.status,
      bodyFileName,
      headers: contentType ? { 'Content-Type': contentType[1] } : undefined,
    },
    metadata: { operationId, scenario, id, ...(archived ? { showArchived: true } : {}) },
  };
}

async function record(options) {
  const target = options.target || fail('--target URL is required (the live API, e.g. https://www.digicert.com)');
  const apiKey = process.env.CERTCENTRAL_API_KEY || fail('set CERTCENTRAL_API_KEY to the API key to record with');
  const out = path.resolve(options.out || defaultRoot);
  if (options._.length === 0) fail('name at least one scenario, such as getKeyInfo.apiKey=184');

  const scenarios = options._.map((spec) => {
    const match = /^(\w+)\.(\w+)=(\d+)(,archived)?$/.exec(spec);
    if (!match || !operations[match[1]]) fail(`bad scenario "${spec}": expected <operationId>.<scenario>=<id>[,archived] with operationId one of ${Object.keys(operations).join(', ')}`);
    return { operationId: match[1], scenario: match[2], id: Number(match[3]), archived: Boolean(match[4]) };
  });

  const { child, baseUrl } = await startWireMock({ port: await freePort() });
  try {
    const admin = (verb, body) => fetch(`${baseUrl}/__admin/recordings/${verb}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(async (r) => { if (!r.ok) fail(`recordings/${verb}: HTTP ${r.status} ${await r.text()}`); return r.json(); });

    const results = [];
    for (const s of scenarios) {
      await admin('start', {
        targetBaseUrl: target,
        persist: false,
        repeatsAsScenarios: false,
        captureHeaders: { Accept: {} },
        extractBodyCriteria: { textSizeThreshold: '64 mb', binarySizeThreshold: '64 mb' },
      });
      const url = `${baseUrl}${operations[s.operationId](s.id)}${s.archived ? '?show_archived=true' : ''}`;
      const response = await fetch(url, { headers: { 'X-DC-DEVKEY': apiKey, Accept: 'application/json' } });
      await response.arrayBuffer();
      const { mappings } = await admin('stop');
      if (!mappings || mappings.length !== 1) fail(`${s.operationId}.${s.scenario}: expected one recorded exchange, got ${mappings ? mappings.length : 0}`);
      results.push({ ...s, recorded: mappings[0] });
    }

    fs.mkdirSync(path.join(out, 'mappings'), { recursive: true });
    fs.mkdirSync(path.join(out, '__files'), { recursive: true });
    for (const r of results) {
      const name = `${r.operationId}.${r.scenario}`;
      const raw = r.recorded.response.body ?? Buffer.from(r.recorded.response.base64Body || '', 'base64').toString('utf8');
      let body;
      let extension = 'json';
      try {
        body = JSON.stringify(JSON.parse(raw), null, 2) + '\n';
      } catch {
        body = raw;
        extension = /<html/i.test(raw) ? 'html' : 'txt';
      }
      const bodyFileName = `${name}.${extension}`;
      const mapping = JSON.stringify(strictMapping(r.operationId, r.scenario, r.id, r.archived, r.recorded, bodyFileName), null, 2) + '\n';
      assertNoSecret(body, apiKey, bodyFileName);
      assertNoSecret(mapping, apiKey, `${name}.json`);
      fs.writeFileSync(path.join(out, '__files', bodyFileName), body);
      fs.writeFileSync(path.join(out, 'mappings', `${name}.json`), mapping);
      console.log(`recorded ${name}: HTTP ${r.recorded.response.status} -> mappings/${name}.json, __files/${bodyFileName}`);
    }
  } finally {
    child.kill();
  }
}

const [command, ...rest] = process.argv.slice(2);
const options = parseArgs(rest);
if (command === 'serve') serve(options).catch((e) => fail(e.stack || String(e)));
else if (command === 'record') record(options).catch((e) => fail(e.stack || String(e)));
else fail('usage: node tools/wiremock.js serve [--root DIR] [--port N] [--verbose] | record --target URL [--out DIR] SCENARIO=ID[,archived] ...');
