#!/usr/bin/env node
// `mpp-conformance` (package.json "bin", `npx mpp-conformance --help`). Runs in the checkout's folder,
// as `npm test` does, so that commands and reports are where README.md says.
const compiled = require('./compiled.cjs');

process.chdir(compiled.ROOT);
compiled.load('mpp-conformance');
