// The words of the generic steps that name several answers or several clients: written by the
// explorer (support/explore/explore.ts) and read back by the parameter types of the feature files
// (support/cucumber/parameters.ts), in one place so that the two cannot drift apart.

/** Answers to GetPort, as the wire has them: "FreePort:10002, FreePort:10004 or NoPorts" (ports of the sheet). */
export interface Answers {
  ports: number[];
  noPorts: boolean;
  /** In the order written; undefined stands for NoPorts. */
  each: (number | undefined)[];
}

export const ANSWERS = /(?:FreePort:\d+|NoPorts)(?:(?:, | or | and )(?:FreePort:\d+|NoPorts))*/;

const answer = (port: number | undefined) => (port === undefined ? 'NoPorts' : `FreePort:${port}`);

/** "FreePort:10002, FreePort:10004 or NoPorts" (`or`), "FreePort:10002 and NoPorts" (`and`). */
export function answersText(answers: readonly (number | undefined)[], joint: 'or' | 'and'): string {
  const words = answers.map(answer);
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${joint} ${words.at(-1)}`;
}

export function parseAnswers(text: string): Answers {
  const each = text
    .split(/, | or | and /)
    .map((word) => (word === 'NoPorts' ? undefined : Number(word.replace('FreePort:', ''))));
  return {
    each,
    ports: each.filter((port): port is number => port !== undefined),
    noPorts: each.includes(undefined),
  };
}

/** Several named clients: "clients C, D and E" are client C, client D and client E. */
export const CLIENTS = /clients [A-Z0-9]+(?:, [A-Z0-9]+)* and [A-Z0-9]+/;

export function clientsText(names: readonly string[]): string {
  const letters = names.map((name) => name.replace(/^client /, ''));
  return `clients ${letters.slice(0, -1).join(', ')} and ${letters.at(-1)}`;
}

export function parseClients(text: string): string[] {
  return text
    .replace(/^clients /, '')
    .split(/, | and /)
    .map((letter) => `client ${letter}`);
}
