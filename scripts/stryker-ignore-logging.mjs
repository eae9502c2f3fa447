// StrykerJS ignorers. "logging": the reference implementations log what they send and receive for people
// (options.log, options.say). Mutating that text changes no protocol behaviour, so no conformance
// scenario can or should notice; those statements are left out of the mutation score.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const LOGGERS = new Set(['log', 'say']);

/** Hints are words for people: their wording changes no verdict, and no spec should pin it. */
function isHintText(path) {
  const parent = path.parentPath;
  if (!path.isStringLiteral() && !path.isTemplateLiteral()) return false;
  return Boolean(
    parent?.isObjectProperty() && parent.node.key.type === 'Identifier' && parent.node.key.name === 'hint',
  );
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'hints', {
    shouldIgnore(path) {
      return isHintText(path) ? 'hint text for people, not a verdict' : undefined;
    },
  }),
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
