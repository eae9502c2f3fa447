// The German catalogue: a title for every scenario the student reads, the sheet's orthography, Intl's
// numbers and lists. That every English key has a German one is the compiler's check (`Messages`).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { de } from './de';
import { en } from './en';
import { LANGUAGES, requirementText } from './index';
import { REQUIREMENTS_EN, type RequirementId } from './requirements.en';

/** Every scenario name as Cucumber runs it (an outline once per row of its Examples) and every feature name. */
function namesInFeatures(): { scenarios: string[]; features: string[] } {
  const scenarios: string[] = [];
  const features: string[] = [];
  for (const dir of ['features/server', 'features/client']) {
    for (const file of readdirSync(dir)) {
      const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
      let outline: string | undefined;
      let header: string[] | undefined;
      for (const line of lines.map((l) => l.trim())) {
        const feature = /^Feature: (.+)$/.exec(line);
        if (feature?.[1]) features.push(feature[1]);
        const scenario = /^Scenario( Outline)?: (.+)$/.exec(line);
        if (scenario?.[2]) {
          outline = scenario[1] ? scenario[2] : undefined;
          header = undefined;
          if (!outline) scenarios.push(scenario[2]);
        } else if (outline && line.startsWith('|')) {
          const cells = line
            .split('|')
            .slice(1, -1)
            .map((cell) => cell.trim());
          if (!header) header = cells;
          else
            scenarios.push(
              header.reduce((name, column, i) => name.replace(`<${column}>`, cells[i] ?? ''), outline),
            );
        }
      }
    }
  }
  return { scenarios, features };
}

describe('the German messages', () => {
  const { scenarios, features } = namesInFeatures();

  it('give every scenario and every feature a German title', () => {
    assert.ok(scenarios.length > 30, `found only ${scenarios.length} scenarios`);
    for (const name of scenarios) assert.notEqual(de.scenario(name), name, `no German title for "${name}"`);
    for (const name of features) assert.notEqual(de.feature(name), name, `no German title for "${name}"`);
    assert.equal(en.scenario(scenarios[0] ?? ''), scenarios[0]);
  });

  it("put an outline's case into its German title", () => {
    const name = scenarios.find((scenario) => scenario.endsWith('an over-long line')) ?? '';
    assert.match(de.scenario(name), /eine überlange Zeile$/);
  });

  it('write "ss" as the sheet does, never the sharp s', () => {
    for (const file of ['de.ts', 'requirements.de.ts']) {
      const text = readFileSync(path.join(__dirname, file), 'utf8');
      assert.equal(text.match(/ß/)?.index, undefined, `${file} has a sharp s`);
    }
  });

  it('format counts with Intl and leave ports alone', () => {
    assert.match(de.n(2000), /^2.000$/);
    assert.notEqual(de.n(2000), '2000');
    assert.equal(en.n(2000), '2,000');
    assert.equal(de.list(['10002', '10003']), '10002 und 10003');
    assert.equal(
      de.clients.wrongOffer(de.client('client A'), 10003, 10002),
      'Client A wurde Port 10003 angeboten, nicht 10002',
    );
  });

  it('have the rule, the check and the fixes of every requirement in each language', () => {
    for (const lang of LANGUAGES) {
      for (const id of Object.keys(REQUIREMENTS_EN) as RequirementId[]) {
        const entry = requirementText(id, lang);
        assert.ok(entry.text && entry.checks, `${id} has no text in ${lang}`);
        assert.equal(
          entry.mistakes.length,
          REQUIREMENTS_EN[id].mistakes.length,
          `${id}: mistakes in ${lang}`,
        );
      }
    }
    assert.notEqual(requirementText('S8', 'de').text, requirementText('S8', 'en').text);
  });
});
