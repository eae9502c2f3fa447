// Writes junit.xml for CI systems from the run's result model (support/report/junit.ts).

import { Formatter, type IFormatterOptions } from '@cucumber/cucumber';
import type { Envelope } from '@cucumber/messages';
import { junitXml } from '../junit';
import { RunCollector } from '../summary';

export default class JunitFormatter extends Formatter {
  static override readonly documentation =
    'junit.xml: a test case per scenario, with its outcome and requirement';

  constructor(options: IFormatterOptions) {
    super(options);
    const collector = new RunCollector();
    options.eventBroadcaster.on('envelope', (envelope: Envelope) => {
      collector.add(envelope);
      if (!envelope.testRunFinished) return;
      const { started = 0, finished = started } = collector.run;
      this.log(
        junitXml(
          { name: 'mpp-conformance', startedMs: started, durationMs: finished - started },
          collector.scenarios(),
        ),
      );
    });
  }
}
