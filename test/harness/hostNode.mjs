#!/usr/bin/env node
// Prints the test host's Node binary (Node 24 for the pinned host, 22 with TEST_HOST=oldest), installed by
// scripts/setup-test-host.sh from the npm registry. `npm test` runs the command-line tools on it: they need
// Node 22 or later, and this machine's own Node may be older.
import { loadHost } from './host.mjs';

console.log(loadHost().node);
