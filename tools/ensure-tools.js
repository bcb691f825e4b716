#!/usr/bin/env node
// Installs the pinned npm spec tools (tools/package-lock.json) when they are missing or stale.
// Called on first use by the tests that run them (tests/Shared/NpmTools.cs), by pack before it
// renders the HTML reference (tools/openapi/CertCentral.Publish.targets), and by the scripts here.
// Several test processes and builds may call it at once, so the install runs under a lock directory.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const toolsDir = __dirname;
const lockFile = path.join(toolsDir, 'package-lock.json');
const stampFile = path.join(toolsDir, 'node_modules', '.certcentral-install-stamp');
const lockDir = path.join(toolsDir, '.install.lock');
const staleLockMs = 10 * 60 * 1000;
const waitLimitMs = 15 * 60 * 1000;

function wantedStamp() {
  return crypto.createHash('sha256').update(fs.readFileSync(lockFile)).digest('hex');
}

function isCurrent() {
  try {
    return fs.readFileSync(stampFile, 'utf8').trim() === wantedStamp();
  } catch {
    return false;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock() {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > staleLockMs) {
          fs.rmSync(lockDir, { recursive: true, force: true });
          continue;
        }
      } catch { /* the holder just released it */ }
      if (Date.now() - started > waitLimitMs) {
        throw new Error(`timed out waiting for ${lockDir}; delete it if no install is running`);
      }
      sleep(500);
    }
  }
}

function touchStamp() {
  const now = new Date();
  fs.utimesSync(stampFile, now, now); // newer than the lock file again, for the build's up-to-date check
}

if (isCurrent()) {
  touchStamp();
  process.exit(0);
}

acquireLock();
try {
  if (!isCurrent()) {
    console.log('Installing the pinned code-generation toolchain (npm ci in tools/)...');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: toolsDir,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (result.error || result.status !== 0) {
      console.error(`error: 'npm ci' in ${toolsDir} failed` + (result.error ? `: ${result.error.message}` : ` with exit code ${result.status}`));
      process.exit(1);
    }
    fs.writeFileSync(stampFile, wantedStamp() + '\n');
  }
} finally {
  fs.rmSync(lockDir, { recursive: true, force: true });
}
