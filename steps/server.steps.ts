// Steps for the server role: the harness plays clients. Each step is one protocol move; the moves
// themselves live in support/peers/harness-clients.ts.

import { Given, Then, When } from '@cucumber/cucumber';
import type { Answers } from '../support/cucumber/step-text';
import type { ProtocolWorld } from '../support/cucumber/world';
import { expectSheetSpelling, sheetMessage } from '../support/peers/expect';
import { sheetText } from '../support/wire/port-plan';

Given('the server under test is listening on its default port', async function (this: ProtocolWorld) {
  await this.startServer();
});

Given(
  'the server under test is listening on its default port with a pool of {int} ports',
  async function (this: ProtocolWorld, size: number) {
    await this.startServer(size);
  },
);

Given('another program listens on port {int}', async function (this: ProtocolWorld, port: number) {
  await this.clients.occupy(this.clients.port(port));
});

Given('other programs listen on every port of the pool', async function (this: ProtocolWorld) {
  for (const port of this.clients.pool) await this.clients.occupy(port);
});

Given('{client} holds port {int}', async function (this: ProtocolWorld, name: string, port: number) {
  await this.clients.asks.askForPort(name);
  await this.clients.offers.expectOffered(name, port);
  await this.clients.asks.claimOffered(name);
});

Given('{client} has taken a port and given it back', async function (this: ProtocolWorld, name: string) {
  await this.clients.asks.takePort(name);
  await this.clients.talk.quit(name);
  await this.clients.leaving.expectPortReleased(name);
});

Given('{client} holds a port', async function (this: ProtocolWorld, name: string) {
  await this.clients.asks.takePort(name);
});

Given('clients hold every port of the pool', async function (this: ProtocolWorld) {
  await this.clients.asks.takeEveryPort();
});

Given(
  '{client} answers the server closing with a close of its own',
  function (this: ProtocolWorld, name: string) {
    this.clients.leaving.closeWhenServerCloses(name);
  },
);

Given(
  "{client} leaves the server's close unanswered until it closes its side itself",
  function (this: ProtocolWorld, name: string) {
    this.clients.leaving.closeLaterThanServer(name);
  },
);

When('{client} closes its side of the connection at last', function (this: ProtocolWorld, name: string) {
  this.clients.leaving.closeGracefully(name);
});

When('{client} connects to port {int}', async function (this: ProtocolWorld, name: string, port: number) {
  await this.clients.talk.connect(name, this.clients.port(port));
});

When('{client} connects to its offered port', async function (this: ProtocolWorld, name: string) {
  await this.clients.talk.connect(name, this.clients.offered(name));
});

When(
  '{client} sends {string}{lineEnd}',
  function (this: ProtocolWorld, name: string, text: string, lineEnd: string) {
    this.clients.talk.send(name, sheetText(this.clients.plan, text), lineEnd);
  },
);

When(
  '{client} connects to port {int} as well and sends {string}',
  async function (this: ProtocolWorld, name: string, port: number, text: string) {
    await this.clients.talk.intrude(name, this.clients.port(port), sheetText(this.clients.plan, text));
  },
);

When(
  '{client} sends {payload} instead of {word}',
  function (this: ProtocolWorld, name: string, payload: string, _expected: string) {
    this.clients.talk.sendWrongInput(name, sheetText(this.clients.plan, payload));
  },
);

When('{client} asks for a port', async function (this: ProtocolWorld, name: string) {
  await this.clients.asks.askForPort(name);
});

When('{client} closes the connection without Quit', function (this: ProtocolWorld, name: string) {
  this.clients.leaving.closeGracefully(name);
});

When('{int} clients ask for a port at the same time', async function (this: ProtocolWorld, count: number) {
  await this.clients.races.askTogether(count);
});

When(
  '{int} clients one after the other take port {int} and quit',
  async function (this: ProtocolWorld, count: number, port: number) {
    await this.clients.offers.takeAndQuitInTurn(count, port);
  },
);

Then(
  'the harness observes whether {client} is answered {string} without asking',
  async function (this: ProtocolWorld, name: string, text: string) {
    this.observe(await this.clients.asks.observeUnaskedAnswer(name, sheetMessage(this.clients.plan, text)));
  },
);

Then('{client} receives {string}', async function (this: ProtocolWorld, name: string, text: string) {
  await this.clients.talk.receive(name, sheetMessage(this.clients.plan, text));
});

Then('{client} receives a FreePort message', async function (this: ProtocolWorld, name: string) {
  await this.clients.talk.receive(name, { kind: 'FreePort' });
});

Then('{client} is offered port {int}', async function (this: ProtocolWorld, name: string, port: number) {
  await this.clients.offers.expectOffered(name, port);
});

Then(
  '{client} is not offered the port of {client}',
  function (this: ProtocolWorld, name: string, holder: string) {
    this.clients.offers.expectNotOfferedHeldPort(name, holder);
  },
);

Then('{client} is offered a port', function (this: ProtocolWorld, name: string) {
  this.clients.offered(name);
});

Then('the server closes the connection of {client}', async function (this: ProtocolWorld, name: string) {
  await this.clients.talk.expectClosedAfterAnswer(name);
});

Then(
  /^the server (?:keeps the connection of|has taken the Assigned of) (.+?)(?: open)?$/,
  async function (this: ProtocolWorld, name: string) {
    await this.clients.leaving.expectStillConnected(name);
  },
);

Then(
  'the server closes the assigned connection of {client}',
  async function (this: ProtocolWorld, name: string) {
    await this.clients.talk.expectAssignedClosed(name);
  },
);

Then(
  'the server closed the connection of {client} without a reset',
  async function (this: ProtocolWorld, name: string) {
    await this.clients.leaving.expectCloseWithoutReset(name);
  },
);

Then(
  'the server stops listening on the port of {client}',
  async function (this: ProtocolWorld, name: string) {
    await this.clients.leaving.expectPortReleased(name);
  },
);

Then('the clients were offered {int} different ports', function (this: ProtocolWorld, count: number) {
  this.clients.races.expectDistinctOffers(count);
});

Then('the server is still running', function (this: ProtocolWorld) {
  this.clients.leaving.expectRunning();
});

Then('the server spelled every message as the sheet does', function (this: ProtocolWorld) {
  expectSheetSpelling(this.notes, 'server');
});

Then(
  'the harness observes whether the port of {client} returns to the pool',
  async function (this: ProtocolWorld, name: string) {
    this.observe(await this.clients.offers.observeReclaim(name));
  },
);

// The generic moves of the scenarios that `mpp-conformance explore` writes (and of the Scenario
// Outlines of several holders): each is one move of support/explore/explore.ts.

When('the other program stops listening on port {int}', async function (this: ProtocolWorld, port: number) {
  await this.clients.release(this.clients.port(port));
});

When('{client} asks for a port and never claims it', async function (this: ProtocolWorld, name: string) {
  await this.clients.asks.askForPort(name);
  this.clients.asks.abandon(name);
});

Then(
  '{client} is answered one of {answers}',
  async function (this: ProtocolWorld, name: string, answers: Answers) {
    await this.clients.offers.expectOfferedAmong(name, answers.ports, answers.noPorts);
  },
);

Then('{client} is answered NoPorts', async function (this: ProtocolWorld, name: string) {
  await this.clients.offers.expectOfferedAmong(name, [], true);
});

When('{client} claims the port it was offered', async function (this: ProtocolWorld, name: string) {
  await this.clients.asks.claimIfOffered(name);
});

When('{client} leaves with Quit', async function (this: ProtocolWorld, name: string) {
  await this.clients.leaving.leaveWithQuit(name);
});

When('{client} leaves without Quit', async function (this: ProtocolWorld, name: string) {
  await this.clients.leaving.leaveWithoutQuit(name);
});

// Clients that asked together got their ports in the server's order: a scenario names them by port.
When('the client holding port {int} leaves with Quit', async function (this: ProtocolWorld, port: number) {
  await this.clients.leaving.leaveWithQuit(this.clients.holderOf(port));
});

When('the client holding port {int} leaves without Quit', async function (this: ProtocolWorld, port: number) {
  await this.clients.leaving.leaveWithoutQuit(this.clients.holderOf(port));
});

When('{clients} ask for a port at the same time', async function (this: ProtocolWorld, names: string[]) {
  await this.clients.races.askAtOnce(names);
});

Then(
  '{clients} are answered {answers} in any order',
  function (this: ProtocolWorld, names: string[], answers: Answers) {
    this.clients.races.expectOfferedTogether(names, answers.each);
  },
);

When('{clients} claim the ports they were offered', async function (this: ProtocolWorld, names: string[]) {
  await this.clients.asks.claimEachOffered(names);
});
