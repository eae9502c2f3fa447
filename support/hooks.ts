// Per-scenario set-up and clean-up, and the report attachments: the wire transcript, spelling
// notes and the program's output. A failing step attaches them itself, so that the HTML report
// shows them right under the failure; a passing scenario attaches them in its After hook.

import { After, AfterAll, Before, setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import { stopAll } from './launcher';
import type { ProtocolWorld } from './world';

setDefinitionFunctionWrapper(
  (code: (...args: unknown[]) => unknown) =>
    async function (this: ProtocolWorld, ...args: unknown[]) {
      try {
        return await code.apply(this, args);
      } catch (error) {
        await this.cleanUp();
        this.attachReport();
        throw error;
      }
    },
);

Before(function (this: ProtocolWorld, { pickle }) {
  const tags = pickle.tags.map((tag) => tag.name);
  this.useTags(tags);
  if (tags.includes('@fresh') && this.settings.server?.kind === 'address') {
    this.log(
      'Skipped: this scenario needs a freshly started server with nothing handed out yet, and MPP_SERVER_ADDR names a server that already runs. Use MPP_SERVER_CMD to check it.',
    );
    return 'skipped';
  }
  return undefined;
});

After(async function (this: ProtocolWorld) {
  try {
    await this.cleanUp();
  } finally {
    this.attachReport();
  }
});

AfterAll(async () => {
  await stopAll();
});
