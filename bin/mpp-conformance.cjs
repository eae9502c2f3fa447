#!/usr/bin/env node
// `mpp-conformance` (package.json "bin", `npx mpp-conformance --help`). Runs in the checkout's folder,
// as `npm test` does, so that commands and reports are where README.md says; class mode runs where it
// was called, with the class folder named from there.
const compiled = require('./compiled.cjs');

// `mpp-conformance class <folder>`: class mode, whose folder is named from where the command was typed.
if (process.argv[2] === 'class') {
  process.argv.splice(2, 1);
  compiled.load('class');
} else {
  process.chdir(compiled.ROOT);
  compiled.load('mpp-conformance');
}
