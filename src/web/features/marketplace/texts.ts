import i18n from 'i18next';

/*
 * The marketplace's Indonesian texts load with the pages that use them, not with the first page: the
 * first load has a budget (decision 0007). English has them in its own bundle, which loads on demand
 * anyway. Every module that shows a `market.*` text imports this file, which waits for them once.
 */
let loaded: Promise<void> | null = null;

export function marketTexts(): Promise<void> {
  loaded ??= import('../../i18n/parts/market.id.json').then((texts) => {
    i18n.addResourceBundle('id', 'translation', texts.default, true, false);
  });
  return loaded;
}

await marketTexts();
