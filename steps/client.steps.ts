// Steps for the client role: the harness plays the server. Each step is one protocol move; the moves
// themselves live in support/peers/harness-server.ts and its rooms (serving-*.ts).

import { Given, Then, When } from '@cucumber/cucumber';
import type { ProtocolWorld } from '../support/cucumber/world';
import { expectSheetSpelling, sheetMessage } from '../support/peers/expect';

Given(
  /^the harness listens (?:as the server )?on port (\d+)$/,
  async function (this: ProtocolWorld, port: string) {
    await this.harness.connections.listen(this.harness.port(Number(port)));
  },
);

Given('the harness listens on every port of the pool', async function (this: ProtocolWorld) {
  for (const port of this.harness.plan.pool) await this.harness.connections.listen(port);
});

Given('the client under test is started', function (this: ProtocolWorld) {
  this.harness.program.start();
});

Given('the client under test holds port {int}', async function (this: ProtocolWorld, port: number) {
  await this.harness.handshake(this.harness.port(port));
});

When('the client under test connects to port {int}', async function (this: ProtocolWorld, port: number) {
  await this.harness.connections.expectClientConnection(this.harness.port(port));
});

When(
  'the server answers {string} and {string}{lineEnd} and closes the connection',
  function (this: ProtocolWorld, first: string, second: string, lineEnd: string) {
    this.harness.talk.answerAndClose([first, second], lineEnd);
  },
);

When(
  'the server sends {string} on port {int}{lineEnd}',
  function (this: ProtocolWorld, text: string, port: number, lineEnd: string) {
    this.harness.talk.answer(this.harness.port(port), [sheetMessage(this.harness.plan, text)], lineEnd);
  },
);

When('the user of the client under test asks to leave', function (this: ProtocolWorld) {
  this.harness.program.type(this.settings.clientQuitInput);
});

Then('the client under test sends {string}', async function (this: ProtocolWorld, text: string) {
  await this.harness.talk.expectMessage(this.harness.plan.defaultPort, sheetMessage(this.harness.plan, text));
});

Then(
  'the client under test sends {string} on port {int}',
  async function (this: ProtocolWorld, text: string, port: number) {
    await this.harness.talk.expectMessage(this.harness.port(port), sheetMessage(this.harness.plan, text));
  },
);

Then(
  'the client under test closes its connection to port {int}',
  async function (this: ProtocolWorld, port: number) {
    await this.harness.talk.expectClientCloses(this.harness.port(port));
  },
);

Then('the client under test ends without a crash', async function (this: ProtocolWorld) {
  this.observe(await this.harness.program.expectCleanExit());
});

Then('the client under test connected to no port of the pool', function (this: ProtocolWorld) {
  this.harness.connections.expectNoConnectionTo(this.harness.plan.pool);
});

Then('the client under test spelled every message as the sheet does', function (this: ProtocolWorld) {
  expectSheetSpelling(this.notes, 'client');
});
