#!/usr/bin/env node
// A Node.js participant of fleet pacing: it takes its permits from the same Redis budget as the
// .NET RedisRequestPacer, by the published protocol alone (openapi/pacing/README.md: the same
// script file, the same keys), and makes ListDuplicateCertificates calls like samples/FleetPacing.
//
//   node tools/pacing/participant.mjs --base-url URL --api-key KEY --redis HOST:PORT
//        --limit 10/1s [--limit 40/6s] --calls N [--concurrency 16] [--order-id 1] [--lease-ms 10000]
//
// Prints one JSON line at the end: {"ok":..,"failed":..,"errors":{..},"elapsed_ms":..}.
// npm `redis` comes from tools/node_modules (tools/ensure-tools.js installs it).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient } from 'redis';

const script = readFileSync(new URL('../../openapi/pacing/pacing.lua', import.meta.url), 'utf8');

/** PacingKey.Id: the first 128 bits of SHA-256 over the fixed prefix and the key, lowercase hex. */
export function pacingId(apiKey) {
  return createHash('sha256').update('DigiCert.CertCentral pacing key\n' + apiKey, 'utf8').digest().subarray(0, 16).toString('hex');
}

export class RedisPacer {
  constructor(client, subscriber, { limits, leaseMs = 10000, prefix = 'certcentral:pacing:v1:' }) {
    this.client = client;
    this.subscriber = subscriber;
    this.leaseMs = leaseMs;
    this.recheckMs = Math.floor(leaseMs / 3); // a waiter asks again at least this often: it keeps its ticket
    this.limitArgs = [String(leaseMs), String(limits.length), ...limits.flatMap(l => [String(l.permits), String(l.windowMs)])];
    this.prefix = prefix;
    this.instance = randomBytes(8).toString('hex') + '-js-';
    this.lastId = 0;
    this.waiters = new Map(); // ticket -> wake
    this.held = new Set();
    // Leases of a live holder are renewed; a process that dies holds them for at most a lease.
    this.renewal = setInterval(() => {
      if (this.held.size > 0) this.eval('renew', ...this.held).catch(() => {});
    }, this.recheckMs);
    this.renewal.unref();
  }

  async open(apiKey) {
    const id = pacingId(apiKey);
    const base = `${this.prefix}{${id}}:`;
    this.keys = ['queue', 'tickets', 'inflight', 'done', 'meta'].map(name => base + name);
    this.sha = await this.client.sendCommand(['SCRIPT', 'LOAD', script]);
    // Subscribed before the first ticket, so that no wake-up is missed.
    await this.subscriber.subscribe(base + 'wake', ticket => this.waiters.get(ticket)?.());
  }

  async eval(op, ...args) {
    const command = ['EVALSHA', this.sha, '5', ...this.keys, op, ...this.limitArgs, ...args.map(String)];
    try {
      return await this.client.sendCommand(command);
    } catch (e) {
      if (!String(e?.message).startsWith('NOSCRIPT')) throw e;
      this.sha = await this.client.sendCommand(['SCRIPT', 'LOAD', script]); // Redis restarted, or SCRIPT FLUSH
      command[1] = this.sha;
      return await this.client.sendCommand(command);
    }
  }

  /** Waits for a permit; returns the lease to give back with release() when the exchange is over. */
  async acquire() {
    const id = this.instance + (++this.lastId).toString(16);
    let granted = false;
    try {
      for (;;) {
        // Armed before asking, so that a wake-up during the call is kept.
        const woken = new Promise(resolve => this.waiters.set(id, resolve));
        const [status, waitUs] = await this.eval('acquire', id);
        if (status === 1) {
          granted = true;
          this.held.add(id);
          return id;
        }
        const waitMs = waitUs >= 0 ? Math.min(Math.ceil(waitUs / 1000), this.recheckMs) : this.recheckMs;
        let timer;
        await Promise.race([woken, new Promise(resolve => { timer = setTimeout(resolve, waitMs); })]);
        clearTimeout(timer);
      }
    } finally {
      this.waiters.delete(id);
      if (!granted) this.eval('cancel', id).catch(() => {});
    }
  }

  /** Gives the permit back without waiting: the script stamps the end of the exchange when it runs. */
  release(id) {
    this.held.delete(id);
    this.eval('release', id).catch(() => {}); // if it fails, the lease runs out and counts from then
  }

  close() {
    clearInterval(this.renewal);
  }
}

function parseArgs(argv) {
  const args = { limits: [], concurrency: 16, orderId: 1, leaseMs: 10000 };
  const units = { ms: 1, s: 1000, m: 60000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    switch (name) {
      case '--base-url': args.baseUrl = value.replace(/\/+$/, ''); break;
      case '--api-key': args.apiKey = value; break;
      case '--redis': args.redis = value; break;
      case '--calls': args.calls = Number.parseInt(value, 10); break;
      case '--concurrency': args.concurrency = Number.parseInt(value, 10); break;
      case '--order-id': args.orderId = Number.parseInt(value, 10); break;
      case '--lease-ms': args.leaseMs = Number.parseInt(value, 10); break;
      case '--limit': {
        const match = /^([0-9]+)\/([0-9]+)(ms|s|m)$/.exec(value);
        if (!match) throw new Error(`--limit must be PERMITS/WINDOW (10/1s, 500ms, 3m); got '${value}'`);
        args.limits.push({ permits: Number(match[1]), windowMs: Number(match[2]) * units[match[3]] });
        break;
      }
      default: throw new Error(`unknown option '${name}'`);
    }
  }
  for (const required of ['baseUrl', 'apiKey', 'redis', 'calls']) {
    if (args[required] === undefined) throw new Error(`--${required.replace(/[A-Z]/g, c => '-' + c.toLowerCase())} is required`);
  }
  if (args.limits.length === 0) args.limits.push({ permits: 100, windowMs: 5000 }, { permits: 1000, windowMs: 180000 });
  return args;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  }
  const client = createClient({ url: `redis://${args.redis}`, socket: { connectTimeout: 5000, reconnectStrategy: false } });
  client.on('error', () => {}); // failures surface as rejected commands
  const subscriber = client.duplicate();
  try {
    await client.connect();
    await subscriber.connect();
  } catch (e) {
    console.error(`error: cannot connect to Redis at ${args.redis}: ${e.message}`);
    return 3;
  }
  const pacer = new RedisPacer(client, subscriber, args);
  await pacer.open(args.apiKey);

  let ok = 0;
  let failed = 0;
  const errors = {};
  let next = 0;
  const started = performance.now();
  const url = `${args.baseUrl}/order/certificate/${args.orderId}/duplicate`;
  await Promise.all(Array.from({ length: Math.min(args.concurrency, args.calls) }, async () => {
    while (++next <= args.calls) {
      try {
        const lease = await pacer.acquire();
        try {
          const response = await fetch(url, { headers: { 'X-DC-DEVKEY': args.apiKey, Accept: 'application/json', 'User-Agent': 'certcentral-pacing-node' } });
          const body = await response.text(); // the exchange is over once the whole body is read
          if (!response.ok) {
            let code = `HTTP ${response.status}`;
            try { code = JSON.parse(body).errors?.[0]?.code ?? code; } catch { /* not JSON */ }
            throw Object.assign(new Error(code), { code });
          }
          ok++;
        } finally {
          pacer.release(lease);
        }
      } catch (e) {
        failed++;
        const name = e.code ?? e.constructor?.name ?? 'Error';
        errors[name] = (errors[name] ?? 0) + 1;
      }
    }
  }));
  console.log(JSON.stringify({ ok, failed, errors, elapsed_ms: Math.round(performance.now() - started) }));
  pacer.close();
  await Promise.allSettled([subscriber.close(), client.close()]);
  return 0;
}

process.exitCode = await main();
