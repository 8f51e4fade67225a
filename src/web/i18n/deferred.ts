import i18n from './index.ts';

/**
 * Adds the Indonesian texts of a part that loads with the feature showing them, instead of with the app's
 * first load (its budget, decision 0007); English has every part in its own bundle, which loads on demand.
 * The part's keys are in `Translation` (bundle-id.ts), so the type check still holds both languages alike.
 */
export function addDeferredTexts(texts: Record<string, unknown>) {
  i18n.addResourceBundle('id', 'translation', texts, true, false);
}
