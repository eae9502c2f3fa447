// Cucumber's configuration. Which feature files run follows the target variables: with a student's
// server (MPP_SERVER_CMD or MPP_SERVER_ADDR) only the server role, with a student's client
// (MPP_CLIENT_CMD) only the client role, with both both; with none, both against the reference.
const has = (name) => Boolean(process.env[name]?.trim());
const server = has('MPP_SERVER_CMD') || has('MPP_SERVER_ADDR');
const client = has('MPP_CLIENT_CMD');
const reports = process.env.MPP_REPORTS_DIR || 'reports';

const paths = [];
// MPP_FEATURE (--feature): one feature file instead of the role's folders, e.g. one that explore wrote.
if (process.env.MPP_FEATURE?.trim()) paths.push(process.env.MPP_FEATURE.trim());
else {
  if (server || !client) paths.push('features/server/**/*.feature');
  if (client || !server) paths.push('features/client/**/*.feature');
}

const support = {
  requireModule: ['ts-node/register'],
  // Only the files that define steps, hooks, parameter types and the World (not the *_spec.ts unit specs).
  require: ['support/cucumber/{world,hooks,parameters}.ts', 'steps/**/*.ts'],
};
// A run uses the JavaScript that `npm ci` compiled while it matches the sources (bin/compiled.cjs).
const dist = require('./bin/compiled.cjs').compiledDir();
const code = dist
  ? { require: [`${dist}/support/cucumber/{world,hooks,parameters}.js`, `${dist}/steps/**/*.js`] }
  : support;
const formatter = (name) =>
  dist ? `./${dist}/support/report/formatters/${name}.js` : `./support/report/formatters/${name}.cjs`;

module.exports = {
  default: {
    paths,
    // MPP_TAGS narrows the run to some scenarios, e.g. MPP_TAGS="@S4 or @A2" or MPP_TAGS="@must".
    tags: process.env.MPP_TAGS || '',
    // How many scenarios run at the same time (MPP_PARALLEL) is decided by bin/mpp-conformance.ts.
    ...code,
    format: [
      formatter('terminal'),
      `html:${reports}/cucumber-report.html`,
      `${formatter('junit')}:${reports}/junit.xml`,
      `${formatter('summary-json')}:${reports}/summary.json`,
    ],
  },
  // `npm run mutation`: StrykerJS runs the whole suite against mutants of the reference implementations.
  // It sees only Cucumber's statuses, so a scenario blocked by another requirement's failure (skipped
  // in a normal run, where the verdict still counts that failure) fails here (support/cucumber/world.ts).
  mutation: { paths: ['features/**/*.feature'], ...support, worldParameters: { blockedFails: true } },
};
