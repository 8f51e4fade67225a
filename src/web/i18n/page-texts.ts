import i18n from 'i18next';

/**
 * Adds the Indonesian texts of a feature whose pages bring them (mentoring, the marketplace, events, certificates,
 * the work queue: see Translation in bundle-id.ts) instead of the first load, whose budget is decision 0007.
 * English has every text in its own bundle, which loads on demand anyway. Safe to repeat: nothing already there
 * is overwritten.
 */
export function addPageTexts(texts: object): void {
  i18n.addResourceBundle('id', 'translation', texts, true, false);
}
