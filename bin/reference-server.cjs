#!/usr/bin/env node
// The reference server as a program of its own (`npm run reference-server`, and the self-test's
// fixture that launches it like a student's program): from the compiled copy while it matches the
// sources, so that a start costs no transpiling (./compiled.cjs).
require('./compiled.cjs').loadModule('reference/server-cli');
