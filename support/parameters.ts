// Parameter types of the feature files: who acts ({client}) and what wrong input is sent ({payload}).

import { defineParameterType } from '@cucumber/cucumber';

defineParameterType({
  name: 'client',
  regexp: /a client|the client|client [A-Z0-9]+/,
  // "a client" introduces the client that "the client" then refers to.
  transformer: (text: string) => (text === 'a client' ? 'the client' : text),
});

/** Wrong input for robustness scenarios: a quoted text, or one of two named byte strings. */
export const PAYLOADS: Record<string, string> = {
  'an over-long line': `${'x'.repeat(100_000)}\n`,
  'bytes that are not text': '\x00\xff\xfe\x80\x1b[31m\n',
};

defineParameterType({
  name: 'payload',
  regexp: /"[^"]*"|an over-long line|bytes that are not text/,
  transformer: (text: string) => PAYLOADS[text] ?? `${text.slice(1, -1)}\n`,
});

defineParameterType({
  name: 'lineEnd',
  regexp: /(?: with CR LF)?/,
  transformer: (text: string) => (text ? '\r\n' : '\n'),
});

/** Answers to GetPort, as the wire has them: "FreePort:10002, FreePort:10004 or NoPorts" (ports of the sheet). */
export interface Answers {
  ports: number[];
  noPorts: boolean;
  /** In the order written; undefined stands for NoPorts. */
  each: (number | undefined)[];
}

export function parseAnswers(text: string): Answers {
  const each = text
    .split(/, | or | and /)
    .map((answer) => (answer === 'NoPorts' ? undefined : Number(answer.replace('FreePort:', ''))));
  return {
    each,
    ports: each.filter((port): port is number => port !== undefined),
    noPorts: each.includes(undefined),
  };
}

defineParameterType({
  name: 'answers',
  regexp: /(?:FreePort:\d+|NoPorts)(?:(?:, | or | and )(?:FreePort:\d+|NoPorts))*/,
  transformer: parseAnswers,
});

/** Several named clients: "clients C, D and E" are client C, client D and client E. */
export function parseClients(text: string): string[] {
  return text
    .replace(/^clients /, '')
    .split(/, | and /)
    .map((letter) => `client ${letter}`);
}

defineParameterType({
  name: 'clients',
  regexp: /clients [A-Z0-9]+(?:, [A-Z0-9]+)* and [A-Z0-9]+/,
  transformer: parseClients,
});
