// `mpp-conformance explain <ID>`: what a requirement asks, how the harness checks it, and the mistakes
// behind its failures with their fixes, in the run's language (support/messages/requirements.*.ts
// has an entry for every ID, so that every failure message can point here).

import { requirementText, t } from '../messages';
import { isRequirementId, REQUIREMENTS, requirement } from './requirements';

/** The explanation of one requirement as text; undefined for an unknown ID. */
export function explain(id: string): string | undefined {
  const key = id.trim().toUpperCase();
  if (!isRequirementId(key)) return undefined;
  const m = t();
  const req = requirement(key);
  const entry = requirementText(key);
  const lines = [
    m.explain.heading(req.id, m.level[req.level], m.role[req.role], entry.text),
    '',
    req.sheet ? m.explain.sheet(req.sheet) : m.explain.sheetSilent,
    '',
    m.explain.checks(entry.checks),
  ];
  if (entry.mistakes.length)
    lines.push('', m.explain.mistakes, ...entry.mistakes.map((mistake) => `- ${mistake}`));
  return lines.join('\n');
}

/** The IDs that have an explanation, for the usage message. */
export const EXPLAINED_IDS = REQUIREMENTS.map((req) => req.id);
