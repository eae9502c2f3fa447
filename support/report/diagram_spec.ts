// The sequence diagram read back from its SVG text: who gets a lifeline, which way each arrow points,
// how each kind of event is marked, that no text can break the XML, the failure, and the cap.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planFrom } from '../wire/port-plan';
import type { TranscriptEntry } from '../wire/transcript';
import { type DiagramInput, renderSequenceDiagram } from './diagram';

const START = 1_000_000;
const plan = planFrom(22000, 22001, 22010);

function entry(
  ms: number,
  connection: string,
  port: number,
  from: 'harness' | 'target',
  event: TranscriptEntry['event'],
  text = '',
): TranscriptEntry {
  return { at: START + ms, connection, port, from, event, text };
}

/** Client A takes port 10002 and quits, then client B is offered 10002 (A2). */
const A2: TranscriptEntry[] = [
  entry(1, 'client A', 22000, 'harness', 'connect'),
  entry(1, 'client A', 22000, 'harness', 'data', 'GetPort\n'),
  entry(2, 'client A', 22000, 'target', 'data', 'FreePort:22001\r\nQuit\n'),
  entry(3, 'client A', 22000, 'target', 'close'),
  entry(4, 'client A', 22001, 'harness', 'connect'),
  entry(4, 'client A', 22001, 'harness', 'data', 'Assigned: 22001\n'),
  entry(9, 'client A', 22001, 'harness', 'data', 'Quit\n'),
  entry(9, 'client A', 22001, 'target', 'reset'),
  entry(12, 'client B', 22000, 'harness', 'connect'),
  entry(12, 'client B', 22000, 'harness', 'data', 'GetPort\n'),
  entry(13, 'client B', 22000, 'target', 'data', 'FreePort:22001\nQuit\n'),
  entry(14, 'client B', 22002, 'target', 'refused'),
];

function render(input: Partial<DiagramInput>): string {
  return renderSequenceDiagram({ entries: A2, role: 'server', plan, startedAt: START, ...input });
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

interface Drawn {
  attrs: Record<string, string>;
  body: string;
  line: Record<string, string>;
}

/** The event groups (and the failure group) in drawing order, with their arrow's line. */
function groups(svg: string, kind = 'event'): Drawn[] {
  return [...svg.matchAll(new RegExp(`<g class="${kind}[^"]*"[^>]*>.*?</g>`, 'g'))].map(([whole]) => ({
    attrs: attributes(/^<g[^>]*>/.exec(whole)?.[0] ?? ''),
    body: whole,
    line: attributes(/<line [^>]*>/.exec(whole)?.[0] ?? ''),
  }));
}

/** The text of the labels without the colouring of line ends. */
function withoutSpans(svg: string): string {
  return svg.replace(/<\/?tspan[^>]*>/g, '');
}

function participants(svg: string): Record<string, string>[] {
  return [...svg.matchAll(/<g class="participant"[^>]*>/g)].map(([tag]) => attributes(tag));
}

function lifelineX(svg: string, key: string): number {
  const line = [...svg.matchAll(/<line class="lifeline"[^>]*>/g)]
    .map(([tag]) => attributes(tag))
    .find((a) => a['data-key'] === key);
  assert.ok(line, `no lifeline ${key}`);
  return Number(line.x1);
}

/** Well-formed XML as far as this output goes: balanced tags, no bare < or &, only XML characters. */
function assertWellFormed(svg: string): void {
  const illegal = [...svg].find((c) => c < ' ' && !'\t\n\r'.includes(c));
  assert.equal(illegal, undefined, 'a character XML cannot hold');
  assert.doesNotMatch(svg, /&(?!(amp|lt|gt|quot|apos);)/, 'a bare &');
  const stack: string[] = [];
  const rest = svg.replace(
    /<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g,
    (_, close, name, __, self) => {
      if (close) assert.equal(stack.pop(), name, `</${name}> closes another element`);
      else if (!self) stack.push(name);
      return '';
    },
  );
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.doesNotMatch(rest, /[<>]/, 'a < or > outside a tag');
}

describe('renderSequenceDiagram', () => {
  it('draws a lifeline for each client and for each port, ports with the sheet numbers', () => {
    const svg = render({});
    assertWellFormed(svg);
    const boxes = participants(svg);
    assert.deepEqual(
      boxes.map((b) => b['data-name'] ?? `port ${b['data-port']} (${b['data-actual']})`),
      ['client A', 'client B', 'port 10001 (22000)', 'port 10002 (22001)', 'port 10003 (22002)'],
    );
    assert.match(svg, />actual 22001</);
    const xs = ['client:client A', 'client:client B', 'port:22000', 'port:22001', 'port:22002'].map((key) =>
      lifelineX(svg, key),
    );
    assert.deepEqual(
      xs,
      [...xs].sort((a, b) => a - b),
      'clients left of ports, ports in the sheet order',
    );
  });

  it('labels ports that are not in the plan, and actual ports when there is no plan', () => {
    const entries = [entry(0, 'client A', 23456, 'harness', 'connect')];
    assert.match(render({ entries }), /not a scenario port/);
    assert.match(render({ entries, plan: undefined }), /data-port="23456"/);
  });

  it("points each arrow from its sender to its receiver: the harness's clients, or the harness as the server", () => {
    const svg = render({});
    const [connect, getPort, freePort] = groups(svg);
    for (const g of [connect, getPort]) {
      assert.equal(g?.attrs['data-from'], 'client:client A');
      assert.ok(Number(g?.line.x1) < Number(g?.line.x2), 'left to right');
    }
    assert.equal(freePort?.attrs['data-from'], 'port:22000');
    assert.ok(Number(freePort?.line.x1) > Number(freePort?.line.x2), 'right to left');

    const client = renderSequenceDiagram({
      role: 'client',
      plan,
      entries: [
        entry(0, 'default', 22000, 'target', 'connect'),
        entry(1, 'default', 22000, 'target', 'data', 'GetPort\n'),
        entry(2, 'default', 22000, 'harness', 'data', 'FreePort:22001\n'),
        entry(3, 'assigned', 22001, 'target', 'connect'),
      ],
    });
    assert.deepEqual(
      participants(client).map((b) => b['data-name'] ?? b['data-port']),
      ['client', '10001', '10002'],
      'one lifeline for the client under test, whatever its connections are called',
    );
    assert.match(client, /harness \(the server\)/);
    const [c0, c1, c2, c3] = groups(client);
    assert.deepEqual(
      [c0, c1, c2, c3].map((g) => `${g?.attrs['data-from']} → ${g?.attrs['data-to']}`),
      ['client → port:22000', 'client → port:22000', 'port:22000 → client', 'client → port:22001'],
    );
  });

  it('marks connects, closes, resets and refused connections each in its own way', () => {
    const svg = render({});
    const markOf = (event: string) => {
      const g = groups(svg).find((d) => d.attrs['data-event'] === event);
      assert.ok(g, `no ${event} drawn`);
      return `${g.line['marker-start'] ?? ''} ${g.line['marker-end']} ${g.line.stroke}`;
    };
    const marks = ['data', 'connect', 'close', 'reset', 'refused'].map(markOf);
    assert.equal(new Set(marks).size, marks.length, marks.join(' | '));
    assert.match(markOf('reset'), /m-reset/);
    assert.match(markOf('refused'), /m-refused/);
    const refused = groups(svg).find((d) => d.attrs['data-event'] === 'refused');
    assert.equal(refused?.attrs['data-from'], 'client:client B', 'a refused connect goes from the client');
    assert.match(svg, /close \(FIN\)/);
    assert.match(svg, /reset \(RST\)/);
  });

  it('shows line ends and spaces, one label line per line of the packet', () => {
    assert.match(render({}), /<tspan [^>]*>⏎<\/tspan>/, 'line ends stand out');
    const svg = withoutSpans(render({}));
    assert.match(svg, />FreePort:22001\\r⏎<\/text>.*>Quit⏎<\/text>/);
    assert.match(svg, />Assigned:·22001⏎</);
  });

  it('escapes <&> and shows control bytes, in wire text, notes and the title', () => {
    const svg = render({
      title: 'A4 <wrong> & "odd" input\u0002',
      entries: [
        entry(0, 'client <A>', 22000, 'harness', 'connect'),
        entry(1, 'client <A>', 22000, 'harness', 'data', '<&>\u0000\u0007\u001b\u00ff\n'),
        entry(2, '', 0, 'harness', 'note', '</text><script>alert(1)</script> \u0001'),
      ],
    });
    assertWellFormed(svg);
    assert.match(withoutSpans(svg), /&lt;&amp;&gt;\\x00\\x07\\x1b\\xff⏎/);
    assert.match(svg, /&lt;\/text&gt;&lt;script&gt;/);
    assert.match(svg, /A4 &lt;wrong&gt; &amp; &quot;odd&quot; input\\x02/);
    assert.match(svg, /data-name="client &lt;A&gt;"/);
    assert.doesNotMatch(svg, /<script/);
  });

  it('draws the failing moment in red with the requirement and the expected message as a dashed arrow', () => {
    const svg = render({
      entries: A2.slice(0, 3),
      failure: { requirement: 'S4', expected: '"Quit⏎"', at: START + 2 },
    });
    assertWellFormed(svg);
    const [failure] = groups(svg, 'failure');
    assert.ok(failure, 'no failure drawn');
    assert.equal(failure.attrs['data-requirement'], 'S4');
    assert.match(failure.body, />✗ S4</);
    assert.match(failure.body, /expected: &quot;Quit⏎&quot;/);
    assert.equal(failure.line.stroke, '#cf222e');
    assert.ok(failure.line['stroke-dasharray'], 'the expected arrow is dashed');
    assert.equal(failure.line['marker-end'], 'url(#m-expected)');
    // What should have come, comes from the server: from its port to the client that waited.
    assert.equal(failure.attrs['data-from'], 'port:22000');
    assert.equal(failure.attrs['data-to'], 'client:client A');
    assert.ok(Number(failure.line.x1) > Number(failure.line.x2));
  });

  it('puts the failure where it happened, and on the connection it names', () => {
    const svg = render({
      failure: { requirement: 'A2', expected: '[the connection closes]', at: START + 10 },
    });
    const order = [...svg.matchAll(/<g class="(event|failure)"[^>]*>/g)].map(([tag]) => attributes(tag));
    const at = order.findIndex((a) => a['data-requirement'] === 'A2');
    assert.equal(at, 8, 'after the events up to +10 ms, before those after');
    assert.match(svg, /expected: \[the connection closes\]/, 'a description keeps its spaces');

    const named = render({
      failure: { requirement: 'S2', expected: '"FreePort:22001⏎"', connection: 'client B', port: 22000 },
    });
    const [failure] = groups(named, 'failure');
    assert.equal(failure?.attrs['data-to'], 'client:client B');

    const [unexplained] = groups(render({ failure: { requirement: 'S2' } }), 'failure');
    assert.match(unexplained?.body ?? '', /the check failed here/);
    assert.doesNotMatch(unexplained?.body ?? '', /<line/, 'no arrow without an expected message');
  });

  it('draws the failure of a client as an arrow from the client to the harness', () => {
    const svg = renderSequenceDiagram({
      role: 'client',
      plan,
      entries: [entry(0, 'default', 22000, 'target', 'connect')],
      failure: { requirement: 'C2', expected: '"GetPort⏎"' },
    });
    const [failure] = groups(svg, 'failure');
    assert.equal(failure?.attrs['data-from'], 'client');
    assert.equal(failure?.attrs['data-to'], 'port:22000');
  });

  it('draws the expected arrow on the connection the program has not ended, when none is named', () => {
    const svg = renderSequenceDiagram({
      role: 'client',
      plan,
      entries: [
        entry(0, 'default', 22000, 'target', 'connect'),
        entry(1, 'default', 22000, 'harness', 'data', 'FreePort:22001\nQuit\n'),
        entry(2, 'assigned', 22001, 'target', 'connect'),
        entry(3, 'default', 22000, 'target', 'data', 'GetPort\n'),
        entry(4, 'default', 22000, 'target', 'close'),
      ],
      failure: { requirement: 'C3', expected: '"Assigned: 22001⏎"' },
    });
    const [failure] = groups(svg, 'failure');
    assert.equal(failure?.attrs['data-to'], 'port:22001');
  });

  it('draws a failure with nothing on the wire as a red line of its own', () => {
    const svg = renderSequenceDiagram({
      role: 'server',
      entries: [],
      failure: { requirement: 'S1', expected: '[a listener on 22000]' },
    });
    assertWellFormed(svg);
    assert.match(svg, /✗ S1/);
    assert.match(svg, /expected: \[a listener on 22000\]/);
  });

  it('caps long exchanges and says how many events it did not draw', () => {
    const flood = Array.from({ length: 500 }, (_, i) =>
      entry(i, 'client A', 22001, 'harness', 'data', 'x\n'),
    );
    const svg = render({ entries: flood, dropped: 7 });
    assertWellFormed(svg);
    assert.equal(groups(svg).length, 60);
    assert.match(svg, /… 440 more events not drawn \(\+36 ms to \+475 ms\)/);
    assert.match(svg, /… 7 more events not drawn: the transcript did not keep them/);

    const failing = render({
      entries: flood,
      maxEvents: 20,
      failure: { requirement: 'A4', expected: '[the server keeps running]', at: START + 300.5 },
    });
    assert.equal(groups(failing).length, 20);
    assert.equal(groups(failing, 'failure').length, 1, 'the failure is always drawn');
    assert.match(failing, />\+300 ms</, 'the events just before the failure are drawn');
    const tiny = render({ entries: flood, maxEvents: 3, failure: { requirement: 'A4', at: START + 300.5 } });
    assert.equal(groups(tiny, 'failure').length, 1, 'the failure is drawn under any cap');
    const gaps = [...failing.matchAll(/(\d+) more events not drawn/g)].map((m) => Number(m[1]));
    assert.equal(
      gaps.reduce((a, b) => a + b, 0),
      480,
    );
  });

  it('cuts a long line and says how long it was', () => {
    const svg = render({ entries: [entry(0, 'client A', 22001, 'harness', 'data', 'A'.repeat(70000))] });
    assert.match(svg, /A{40}… \(70,000 bytes\)/);
    assert.ok(svg.length < 20000, `the diagram holds the whole line: ${svg.length} characters`);
  });
});
