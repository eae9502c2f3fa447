// Per-scenario set-up and clean-up, and the report attachments: the wire transcript, spelling
// notes and the program's output. A failing step attaches them itself, so that the HTML report
// shows them right under the failure; a passing scenario attaches them in its After hook.

import {
  After,
  AfterAll,
  Before,
  type ITestCaseHookParameter,
  setDefinitionFunctionWrapper,
} from '@cucumber/cucumber';
import { outcomePrefix } from './judge';
import { stopAll } from './launcher';
import { t } from './messages';
import type { ProtocolWorld } from './world';

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
      this.logText(`${outcomePrefix().skipped}${t().world.needsFreshServer}`);
      return 'skipped';
    }
    return undefined;
  }),
);

After(
  hook(async function (this: ProtocolWorld) {
    try {
      await this.cleanUp();
    } finally {
      this.attachReport();
    }
  }),
);

AfterAll(
  hook(async () => {
    await stopAll();
  }),
);
