// `npm test`. With a target variable (MPP_SERVER_CMD, MPP_SERVER_ADDR, MPP_CLIENT_CMD) it checks that
// program and nothing else, in this one process. Without one, the harness checks itself: `npm run
// check` (build, type check, lint, unit specs, the reference run, the stress test and the self-test).
const { spawnSync } = require('node:child_process');

const target = ['MPP_SERVER_CMD', 'MPP_SERVER_ADDR', 'MPP_CLIENT_CMD'].some((name) =>
  process.env[name]?.trim(),
);
if (target) {
  require('./compiled.cjs').load('mpp-conformance');
} else {
  const npm = process.env.npm_execpath;
  const check = npm
    ? spawnSync(process.execPath, [npm, 'run', 'check'], { stdio: 'inherit' })
    : spawnSync('npm', ['run', 'check'], { stdio: 'inherit', shell: true });
  process.exitCode = check.status ?? 1;
}
