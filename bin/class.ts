// `mpp-conformance class <class folder>` (`npm run class -- <class folder>`): checks a whole class
// at once, or one shard of it (`--shard i/n`); `mpp-conformance class merge <shard reports…>
// --reports <dir>` joins the shards. This file reads the arguments; support/class/ does the work.

import { parseMergeOptions, parseRunOptions, USAGE } from '../support/class/options';
import { mergeClass } from '../support/class/reports';
import { runClass } from '../support/class/run';
import { runMain } from './run-main';

/** The usage (exit 0) or a mistake in the arguments (exit 2). */
function said(text: string): number {
  (text === USAGE ? console.log : console.error)(text);
  return text === USAGE ? 0 : 2;
}

async function main(): Promise<number> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'merge') {
    const options = parseMergeOptions(rest);
    return typeof options === 'string' ? said(options) : mergeClass(options);
  }
  const options = parseRunOptions(process.argv.slice(2));
  return typeof options === 'string' ? said(options) : runClass(options);
}

runMain('class: the class run itself', main);
