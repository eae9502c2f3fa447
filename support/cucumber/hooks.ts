// Per-scenario set-up and clean-up, and the report attachments: the wire transcript, spelling
// notes and the program's output. A failing step attaches them itself, so that the HTML report
// shows them right under the failure; a passing scenario attaches them in its After hook. The After
// hook attaches the scenario's one result (support/judging/result.ts), which every report reads.

import {
  After,
  AfterAll,
  Before,
  BeforeAll,
  type ITestCaseHookParameter,
  setDefaultTimeout,
  setDefinitionFunctionWrapper,
  setWorldConstructor,
} from '@cucumber/cucumber';
import { t } from '../messages';
import { clearStreaks } from '../peers/streaks';
import { stopAll } from '../process/launcher';
import { ProtocolWorld, settings } from './world';

// Registered here, not in world.ts, so that the World can be made outside a Cucumber run (its unit spec).
setWorldConstructor(ProtocolWorld);
setDefaultTimeout(settings().startTimeoutMs + 40 * settings().timeoutMs);

/** The hooks below run as they are; every step goes through the World, which judges what it throws. */
const hooks = new WeakSet<object>();
const hook = <T extends object>(code: T): T => {
  hooks.add(code);
  return code;
};

setDefinitionFunctionWrapper((code: (this: ProtocolWorld, ...args: unknown[]) => unknown) =>
  hooks.has(code)
    ? code
    : async function (this: ProtocolWorld, ...args: unknown[]) {
        return this.runStep(code, args);
      },
);

Before(
  hook(function (this: ProtocolWorld, { pickle }: ITestCaseHookParameter) {
    const tags = pickle.tags.map((tag) => tag.name);
    this.useTags(tags);
    this.scenarioName = pickle.name;
    if (tags.includes('@fresh') && this.settings.server?.kind === 'address') {
      return this.skip(t().world.needsFreshServer);
    }
    return undefined;
  }),
);

After(
  hook(async function (this: ProtocolWorld, { result }: ITestCaseHookParameter) {
    try {
      await this.cleanUp();
    } catch (error) {
      // A clean-up that fails is the harness's own failure: the result says so, and Cucumber shows it.
      this.attachReport();
      this.attachResult(result, error);
      throw error;
    }
    this.attachReport();
    this.attachResult(result);
  }),
);

// StrykerJS runs the suite once per mutant in the same worker process: the streaks of one mutant's
// run (a client that never connected) must not make the next mutant's run give up at once.
BeforeAll(
  hook(() => {
    if (process.env.STRYKER_MUTATOR_WORKER !== undefined) clearStreaks();
  }),
);

AfterAll(
  hook(async () => {
    await stopAll();
  }),
);
