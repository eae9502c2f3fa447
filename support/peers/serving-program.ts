// The client under test as a program, while the harness is its server: started with {host} and the
// default port, typed into as its user would, and its end after NoPorts (C4), judged from facts
// (support/judging/judge.ts).

import { crashOf, observedRequirement, uncleanExit } from '../judging/judge';
import type { Observation } from '../judging/result';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import { startClient } from './client-under-test';
import type { ServingTable } from './serving-table';

/** The address a client under test is given for {host}; the harness listens on ::1 as well. */
const HOST = '127.0.0.1';

export class ServingProgram {
  constructor(private readonly table: ServingTable) {}

  start(): void {
    const { target, settings, plan } = this.table;
    this.table.client = startClient(target, settings, HOST, plan.defaultPort);
  }

  type(line: string): void {
    this.table.clientOrFail().type(line);
  }

  /**
   * C4: after NoPorts the client ends cleanly, i.e. without a crash. The sheet sets no exit status:
   * the status and whether the client told its user anything are observations.
   */
  async expectCleanExit(): Promise<Observation> {
    const client = this.table.clientOrFail();
    const { timeoutMs } = this.table.settings;
    const exit = await client.exitWithin(timeoutMs);
    const { stdout, stderr } = client.output();
    const crash = exit && crashOf(exit, `${stderr}\n${stdout}`);
    const m = t();
    if (!exit || crash) {
      throw new Violation({
        ...uncleanExit({ exited: Boolean(exit) }),
        what: exit ? m.server.crashedAfterNoPorts(crash || '') : m.server.stillRunning(timeoutMs),
        ...(exit ? {} : { waitedMs: timeoutMs }),
        expected: m.server.cleanEnd,
        received: exit ? m.server.exitReceived(client.describeExit(exit)) : m.server.stillRunningReceived,
        program: client.describeOutput(),
      });
    }
    const told = Boolean(`${stdout}${stderr}`.trim());
    return {
      requirement: observedRequirement('exit'),
      text: m.server.exitObserved(client.describeExit(exit), told),
    };
  }
}
