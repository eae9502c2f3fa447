// The harness runs from JavaScript that `npm ci` compiles once (its `prepare` script runs
// `npm run build`), so that a check does not transpile the TypeScript again in every process. The
// compiled copy is used only while it matches the sources: after an edit, a pull or a checkout the
// harness runs from the TypeScript through ts-node (slower, never stale) until the next build.
// Plain JavaScript, because it decides how the TypeScript is loaded.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = 'dist';
const STAMP = path.join(ROOT, OUT, '.sources.json');
const SOURCE_DIRS = ['bin', 'support', 'steps', 'reference'];

/** The TypeScript files that the build compiles (unit specs are not part of a run). */
function sources() {
  return SOURCE_DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('_spec.ts'))
      .map((file) => path.join(dir, file)),
  ).sort();
}

/** 'dist' when the compiled copy matches the sources, undefined when the TypeScript must be run. */
function compiledDir() {
  if (process.env.MPP_FROM_SOURCE) return undefined;
  try {
    const built = fs.statSync(STAMP).mtimeMs;
    const files = sources();
    if (fs.readFileSync(STAMP, 'utf8') !== JSON.stringify(files)) return undefined;
    return files.every((file) => fs.statSync(path.join(ROOT, file)).mtimeMs <= built) ? OUT : undefined;
  } catch {
    return undefined;
  }
}

/** `npm run build`: a fresh compiled copy (removed files must not live on in it), then its stamp. */
function build() {
  const files = sources();
  fs.rmSync(path.join(ROOT, OUT), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  fs.writeFileSync(STAMP, JSON.stringify(files));
}

/** Loads a module (a path without extension, e.g. 'reference/server-cli') compiled, or from its TypeScript. */
function loadModule(file) {
  const dir = compiledDir();
  if (dir) return require(path.join(ROOT, dir, `${file}.js`));
  require('ts-node/register');
  return require(path.join(ROOT, `${file}.ts`));
}

/** Loads a bin/ program from the compiled copy, or from its TypeScript. */
function load(name) {
  return loadModule(path.join('bin', name));
}

module.exports = { ROOT, compiledDir, load, loadModule };

if (require.main === module && process.argv[2] === '--build') build();
