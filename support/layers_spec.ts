// The house of support/: a folder per concern, in layers. A folder imports only from its own layer
// and the layers below it (the message catalogues at the bottom, class mode at the top), and no
// module imports itself back through others. Moving a file into the wrong room fails here.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/** The folders of support/, lowest first; README's "For contributors" map says what each holds. */
export const LAYERS = [
  'messages',
  'process',
  'wire',
  'settings',
  'judging',
  'peers',
  'report',
  'cucumber',
  'explore',
  'class',
] as const;

const SUPPORT = __dirname;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)'(\.{1,2}\/[^']+)'/g;

function modules(): string[] {
  return fs
    .readdirSync(SUPPORT, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|cjs)$/.test(file) && !file.endsWith('_spec.ts') && file.includes(path.sep))
    .map((file) => path.join(SUPPORT, file));
}

/** The file a relative import names, or its text when it leaves the checkout's code (node_modules). */
function resolved(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.cjs`, path.join(base, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return specifier;
}

function importsOf(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => resolved(file, match[1]));
}

/** The layer a file of support/ lies in, or -1 outside support/ (reference/ is allowed; bin/ and steps/ are not). */
function layerOf(file: string): number {
  const relative = path.relative(SUPPORT, file);
  if (relative.startsWith('..')) return -1;
  return LAYERS.indexOf(relative.split(path.sep)[0] as (typeof LAYERS)[number]);
}

const name = (file: string) => path.relative(path.dirname(SUPPORT), file);

describe('the layers of support/', () => {
  it('puts every module of support/ in a folder of a layer', () => {
    const outside = fs
      .readdirSync(SUPPORT, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(ts|cjs)$/.test(file) && !file.endsWith('_spec.ts'))
      .filter((file) => layerOf(path.join(SUPPORT, file)) < 0);
    assert.deepEqual(outside, []);
  });

  it('imports nothing from a higher layer, nor from bin/, steps/ or scripts/', () => {
    const upward: string[] = [];
    for (const file of modules())
      for (const target of importsOf(file)) {
        const inRepo = path.isAbsolute(target);
        const outsideSupport = inRepo && layerOf(target) < 0;
        const allowedOutside = outsideSupport && name(target).startsWith(`reference${path.sep}`);
        if (
          (outsideSupport && !allowedOutside) ||
          (!outsideSupport && inRepo && layerOf(target) > layerOf(file))
        )
          upward.push(`${name(file)} imports ${name(target)}`);
      }
    assert.deepEqual(upward, []);
  });

  it('has no cycle of imports between modules', () => {
    const graph = new Map(modules().map((file) => [file, importsOf(file).filter((t) => path.isAbsolute(t))]));
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (trail.includes(file)) {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(name).join(' → '));
        return;
      }
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });
});
