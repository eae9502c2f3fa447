// A class of any size for the benches, made from the 24 students of fixtures/class-demo (Python,
// Java, C and TypeScript; correct programs and one bug each, builds that pass and one that fails,
// fixed ports, broken and missing mpp.json): student i is a copy of demo student i mod 24, named
// "s007-hanna", with the demo's relative paths to the fixtures made absolute (in mpp.json and in the
// stand-in programs of a student without one).
// `node -r ts-node/register scripts/class-generator.ts <size> <folder>` writes one.

import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DEMO = path.join(ROOT, 'fixtures', 'class-demo');

/** Writes a class of `size` students to `folder` (emptied first); returns the students' names. */
export function generateClass(size: number, folder: string): string[] {
  rmSync(folder, { recursive: true, force: true });
  const templates = readdirSync(DEMO).sort();
  const width = String(size).length;
  return Array.from({ length: size }, (_, i) => {
    const template = templates[i % templates.length] as string;
    const name = `s${String(i + 1).padStart(width, '0')}-${template}`;
    const dir = path.join(folder, name);
    cpSync(path.join(DEMO, template), dir, { recursive: true });
    // mpp.json and the stand-ins of a student without one (jana's server.py runs ../../servers/…).
    for (const file of readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile())) {
      const where = path.join(dir, file.name);
      const text = readFileSync(where, 'utf8');
      // From <folder>/<student>, ../../ was fixtures/ and ../../../ the checkout.
      if (text.includes('../../'))
        writeFileSync(
          where,
          text.replaceAll('../../../', `${ROOT}/`).replaceAll('../../', `${ROOT}/fixtures/`),
        );
    }
    return name;
  });
}

if (require.main === module) {
  const [size, folder] = process.argv.slice(2);
  if (!size || !folder || !/^\d+$/.test(size)) {
    console.error('usage: class-generator.ts <size> <folder>');
    process.exit(2);
  }
  console.log(`${generateClass(Number(size), path.resolve(folder)).length} students in ${folder}`);
}
