// Writes summary.json: the verdict per requirement and per scenario, for tools (see docs/spec.md).

import { Formatter, type IFormatterOptions } from '@cucumber/cucumber';
import type { Envelope } from '@cucumber/messages';
import { readSettings } from '../../settings/target';
import { RunCollector, summarize, summaryJson } from '../summary';

export default class SummaryJsonFormatter extends Formatter {
  static override readonly documentation = 'summary.json: target, verdict, requirements and scenarios';

  constructor(options: IFormatterOptions) {
    super(options);
    const collector = new RunCollector();
    options.eventBroadcaster.on('envelope', (envelope: Envelope) => {
      collector.add(envelope);
      if (envelope.testRunFinished) {
        this.log(summaryJson(summarize(collector.scenarios(), readSettings())));
      }
    });
  }
}
