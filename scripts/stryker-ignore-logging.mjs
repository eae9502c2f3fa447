// A StrykerJS ignorer: the reference implementations log what they send and receive for people
// (options.log, options.say). Mutating that text changes no protocol behaviour, so no conformance
// scenario can or should notice; those statements are left out of the mutation score.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const LOGGERS = new Set(['log', 'say']);

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'logging', {
    shouldIgnore(path) {
      const expression = path.isExpressionStatement() ? path.node.expression : undefined;
      const callee = expression?.type === 'CallExpression' ? expression.callee : undefined;
      if (
        callee?.type === 'MemberExpression' &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'options' &&
        callee.property.type === 'Identifier' &&
        LOGGERS.has(callee.property.name)
      ) {
        return 'log text for people, not protocol behaviour';
      }
      return undefined;
    },
  }),
];
