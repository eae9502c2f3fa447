// `node -r ts-node/register scripts/diagram-demo.ts`: sample sequence diagrams in reports/diagram-demo/,
// to look at the drawing without running a scenario: a passing A2 exchange, a failing S4 case, the
// twelve clients of S8 (capped) and a client-role scenario.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type DiagramInput, renderSequenceDiagram } from '../support/diagram';
import { planFrom } from '../support/ports';
import type { TranscriptEntry } from '../support/transcript';

const START = 1_700_000_000_000;
const plan = planFrom(22000, 22001, 22010);

/** A transcript from [ms, connection, port, from, event, text] rows, as the harness records them. */
function entries(rows: [number, string, number, 'harness' | 'target', TranscriptEntry['event'], string?][]) {
  return rows.map(([ms, connection, port, from, event, text = '']) => ({
    at: START + ms,
    connection,
    port,
    from,
    event,
    text,
  }));
}

const samples: Record<string, DiagramInput> = {
  'a2-pass': {
    title: 'A2: Quit on the assigned port frees the port for the next client',
    role: 'server',
    plan,
    startedAt: START,
    entries: entries([
      [3, 'client A', 22000, 'harness', 'connect'],
      [3, 'client A', 22000, 'harness', 'data', 'GetPort\n'],
      [4, 'client A', 22000, 'target', 'data', 'FreePort:22001\nQuit\n'],
      [5, 'client A', 22000, 'target', 'close'],
      [6, 'client A', 22001, 'harness', 'connect'],
      [6, 'client A', 22001, 'harness', 'data', 'Assigned: 22001\n'],
      [58, 'client A', 22001, 'harness', 'data', 'Quit\n'],
      [59, 'client A', 22001, 'target', 'close'],
      [71, 'client B', 22000, 'harness', 'connect'],
      [71, 'client B', 22000, 'harness', 'data', 'GetPort\n'],
      [72, 'client B', 22000, 'target', 'data', 'FreePort:22001\r\n'],
      [72, 'client B', 22000, 'target', 'data', 'Quit\r\n'],
      [73, 'client B', 22000, 'target', 'close'],
    ]),
  },
  's4-fail': {
    title: 'S4: After FreePort the server says Quit and closes the connection',
    role: 'server',
    plan,
    startedAt: START,
    entries: entries([
      [2, 'a client', 22000, 'harness', 'connect'],
      [2, 'a client', 22000, 'harness', 'data', 'GetPort\n'],
      [3, 'a client', 22000, 'target', 'data', 'FreePort: 22001\n'],
      [2004, 'a client', 22000, 'target', 'reset'],
    ]),
    failure: { requirement: 'S4', expected: '"Quit⏎"', at: START + 2003 },
  },
  's8-twelve-clients': {
    title: 'S8: The server serves many clients one after the other',
    role: 'server',
    plan,
    startedAt: START,
    entries: entries(
      Array.from({ length: 12 }, (_, i) => {
        const name = `client ${i + 1}`;
        const t = 10 + i * 20;
        return [
          [t, name, 22000, 'harness', 'connect'],
          [t, name, 22000, 'harness', 'data', 'GetPort\n'],
          [t + 1, name, 22000, 'target', 'data', 'FreePort:22001\nQuit\n'],
          [t + 2, name, 22000, 'target', 'close'],
          [t + 3, name, 22001, 'harness', 'connect'],
          [t + 3, name, 22001, 'harness', 'data', 'Assigned: 22001\n'],
          [t + 4, name, 22001, 'harness', 'data', 'Quit\n'],
          [t + 5, name, 22001, 'target', 'close'],
        ] as [number, string, number, 'harness' | 'target', TranscriptEntry['event'], string?][];
      }).flat(),
    ),
  },
  'c3-client-role': {
    title: 'C3: On FreePort the client moves to the offered port and says Assigned first',
    role: 'client',
    plan,
    startedAt: START,
    entries: entries([
      [120, 'default', 22000, 'target', 'connect'],
      [121, 'default', 22000, 'target', 'data', 'GetPort\n'],
      [121, 'default', 22000, 'harness', 'data', 'FreePort:22001\n'],
      [121, 'default', 22000, 'harness', 'data', 'Quit\n'],
      [123, 'default', 22000, 'target', 'close'],
      [125, 'assigned', 22001, 'target', 'connect'],
      [126, 'assigned', 22001, 'target', 'data', 'Assigned:(22001)\n'],
    ]),
    failure: { requirement: 'W3', expected: '"Assigned: 22001⏎"', at: START + 127 },
  },
};

const directory = path.join(__dirname, '..', 'reports', 'diagram-demo');
mkdirSync(directory, { recursive: true });
for (const [name, input] of Object.entries(samples)) {
  const file = path.join(directory, `${name}.svg`);
  writeFileSync(file, renderSequenceDiagram(input));
  console.log(file);
}
