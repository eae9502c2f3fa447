// Parameter types of the feature files: who acts ({client}) and what wrong input is sent ({payload}).

import { defineParameterType } from '@cucumber/cucumber';
import { ANSWERS, CLIENTS, parseAnswers, parseClients } from './step-text';

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

defineParameterType({
  name: 'answers',
  regexp: ANSWERS,
  transformer: parseAnswers,
});

defineParameterType({
  name: 'clients',
  regexp: CLIENTS,
  transformer: parseClients,
});
