// Cucumber 12 loads formatters with import(), which on Node 20 refuses a .ts file: this shim registers
// ts-node and hands over the TypeScript formatter.
require('ts-node/register');
module.exports = require('./junit.ts').default;
