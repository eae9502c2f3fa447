// The language of a run's sentences: English by default, German with MPP_LANG=de (or --lang de).
// Read on every call, so that the command line can set it before the first sentence is written.

import { de } from './de';
import { en, type Messages } from './en';
import { REQUIREMENTS_DE } from './requirements.de';
import { REQUIREMENTS_EN, type RequirementId, type RequirementText } from './requirements.en';

export type Language = 'en' | 'de';
export const LANGUAGES: readonly Language[] = ['en', 'de'];

const CATALOGUES: Record<
  Language,
  { messages: Messages; requirements: Record<RequirementId, RequirementText> }
> = {
  en: { messages: en, requirements: REQUIREMENTS_EN },
  de: { messages: de, requirements: REQUIREMENTS_DE },
};

/** The run's language: MPP_LANG, English when unset (target.ts rejects any other value). */
export function language(env: NodeJS.ProcessEnv = process.env): Language {
  const given = env.MPP_LANG?.trim().toLowerCase();
  return given === 'de' ? 'de' : 'en';
}

/** The sentences of the run's language. */
export function t(lang: Language = language()): Messages {
  return CATALOGUES[lang].messages;
}

/** A requirement's rule, check and common mistakes in the run's language. */
export function requirementText(id: RequirementId, lang: Language = language()): RequirementText {
  return CATALOGUES[lang].requirements[id];
}

export type { After, Messages, TargetRole } from './en';
export type { RequirementId } from './requirements.en';
