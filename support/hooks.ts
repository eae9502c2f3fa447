// Per-scenario set-up and clean-up, and the report attachments: the wire transcript inline, the
// program's output and spelling notes beside it.

import { After, AfterAll, Before, Status } from '@cucumber/cucumber';
import { stopAll } from './launcher';
import type { ProtocolWorld } from './world';

Before(function (this: ProtocolWorld, { pickle }) {
  const tags = pickle.tags.map((tag) => tag.name);
  this.useTags(tags);
  if (tags.includes('@fresh') && this.settings.server?.kind === 'address') {
    this.log(
      'Skipped: this scenario needs a freshly started server with nothing handed out yet, and MPP_SERVER_ADDR names a server that already runs. Use MPP_SERVER_CMD to check it.',
    );
    return Status.SKIPPED.toLowerCase();
  }
  return undefined;
});

After(async function (this: ProtocolWorld) {
  try {
    await this.cleanUp();
  } finally {
    if (!this.transcript.isEmpty)
      this.log(`Wire transcript (⏎ = LF, \\r = CR):\n${this.transcript.render()}`);
    if (this.notes.length) this.log(`Notes:\n${this.notes.map((note) => `- ${note}`).join('\n')}`);
    const output = this.server?.output();
    if (output?.stdout)
      this.attach(output.stdout, { mediaType: 'text/plain', fileName: 'server stdout.txt' });
    if (output?.stderr)
      this.attach(output.stderr, { mediaType: 'text/plain', fileName: 'server stderr.txt' });
  }
});

AfterAll(async () => {
  await stopAll();
});
