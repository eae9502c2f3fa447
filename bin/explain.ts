// `npm run explain -- S8`: a requirement, how it is checked, and the usual mistakes behind a failure.

import { EXPLAINED_IDS, explain } from '../support/explain';
import { runMain } from './run-main';

runMain('explain', async () => {
  const id = process.argv[2] ?? '';
  const text = explain(id);
  if (!text) {
    console.error(`explain: name a requirement ID (${EXPLAINED_IDS.join(', ')}), e.g. npm run explain -- S8`);
    return 2;
  }
  console.log(text);
  return 0;
});
