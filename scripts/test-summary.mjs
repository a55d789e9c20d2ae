#!/usr/bin/env node
// Adds up the `test-results.json` files that each package's vitest run
// writes, and prints the one line CI reads: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;

for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const file = join(root, group, name, 'test-results.json');
    if (!existsSync(file)) {
      continue;
    }

    const results = JSON.parse(readFileSync(file, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    // A file that crashed before running its tests counts as one failure.
    failed += results.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
  }
}

console.log(`${passed} passed, ${failed} failed`);
