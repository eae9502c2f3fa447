// The fixture programs of fixtures/manifest.json as the self-test and `npm run stability` run them:
// the manifest, the builds of the compiled ones, and the settings of a fixture's run. One place, so
// that both judge a fixture under the same conditions as the manifest's expectations were set.

import { readFileSync } from 'node:fs';
import { Sandbox } from '../support/process/class-children';
import type { Summary } from '../support/report/summary';

export interface Fixture {
  name: string;
  role: 'server' | 'client';
  language: string;
  command: string;
  /** The documented bound of the run in seconds, for hostile fixtures. */
  maxSeconds?: number;
  /** Further settings of the run, e.g. MPP_STRICT. */
  env?: Record<string, string>;
  verdict: Summary['verdict'];
  /** The requirements that must fail; null where a hostile program makes the set depend on timing. */
  failing: string[] | null;
  /** Words the hint of a failure must contain: the likely cause the student reads. */
  hint?: string;
  /** The one root failure: every scenario that does not pass is failed or blocked by it. */
  blockedBy?: string;
  /** Run it concurrently as well (MPP_PARALLEL=2): every scenario must get the same outcome. */
  bothWays?: boolean;
  /** Run it in English as well as in German: summary.json's outcome fields and the JUnit outcomes must be identical. */
  bothLanguages?: boolean;
  /** Its run waits out bounds for long (half a minute on an idle machine): it starts first. */
  slow?: boolean;
  /** The requirement `mpp-conformance explore` must find with every seed (a deep bookkeeping bug). */
  explore?: string;
  bug: string;
}

export interface Manifest {
  builds: string[];
  fixtures: Fixture[];
}

/** Short waits: the fixtures run on this machine and answer in milliseconds when they answer at all. */
export const FIXTURE_TIMEOUT_MS = '1000';
/** The ports of one fixture's run (MPP_PORT_SPAN): runs side by side take slots of their own. */
export const PORTS_PER_SLOT = 2000;
/** A build that takes longer than this is stuck (a cold javac takes seconds). */
const BUILD_LIMIT_MS = 5 * 60_000;

export function readManifest(): Manifest {
  return JSON.parse(readFileSync('fixtures/manifest.json', 'utf8')) as Manifest;
}

/** Builds the compiled fixtures; returns what failed, or undefined. */
export async function buildFixtures(manifest: Manifest): Promise<string | undefined> {
  // The sandbox bounds each build and ends its whole process group (the shell and its compilers).
  const sandbox = new Sandbox({ kind: 'ports', description: 'fixture builds are not isolated' });
  for (const build of manifest.builds) {
    const result = await sandbox.run({
      argv: ['sh', '-c', build],
      cwd: process.cwd(),
      env: process.env,
      timeoutMs: BUILD_LIMIT_MS,
      isolate: false,
    });
    if (result.code !== 0) {
      const why = result.timedOut ? ` (it did not end within ${BUILD_LIMIT_MS / 1000} s)` : '';
      return `the fixture build "${build}" failed${why}:\n${result.output}`;
    }
  }
  return undefined;
}

/**
 * The environment of a fixture's run: no setting of the caller's (MPP_*) leaks in; the fixture's
 * command, short waits, its reports and ports, one scenario at a time (the fixture runs themselves
 * go side by side), and python3 from `path`.
 */
export function fixtureEnv(
  fixture: Fixture,
  reports: string,
  portBase: number,
  path: string,
  portSpan = PORTS_PER_SLOT,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', PATH: path };
  for (const name of Object.keys(env)) if (name.startsWith('MPP_')) delete env[name];
  return Object.assign(env, {
    [fixture.role === 'server' ? 'MPP_SERVER_CMD' : 'MPP_CLIENT_CMD']: fixture.command,
    MPP_REPORTS_DIR: reports,
    MPP_TIMEOUT_MS: FIXTURE_TIMEOUT_MS,
    MPP_PORT_BASE: String(portBase),
    MPP_PORT_SPAN: String(portSpan),
    MPP_PARALLEL: '1',
    ...fixture.env,
  });
}
