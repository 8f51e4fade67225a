import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { id, type Translation } from './bundle-id.ts';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'bangkit.language';

// Indonesian, the default, comes with the app; English loads the first time a reader picks it.
// Both files must hold the same keys: a key missing from English fails the type check here.
// The parts that load with their feature are added by it (Translation in bundle-id.ts names them).
const translations: Record<
  Language,
  () => Promise<Omit<Translation, 'market' | 'workQueue' | 'queueFilters' | 'outOfScope'>>
> = {
  id: async () => id,
  en: async () => (await import('./bundle-en.ts')).en,
};

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value as Language) ? (value as Language) : 'id';
  } catch {
    return 'id';
  }
}

async function showIn(language: Language) {
  if (!i18n.hasResourceBundle(language, 'translation')) {
    i18n.addResourceBundle(language, 'translation', await translations[language]());
  }
  await i18n.changeLanguage(language);
}

/** Switches the language; if its translations fail to load (offline), the page stays in the one it has. */
export async function setLanguage(language: Language) {
  try {
    await showIn(language);
  } catch (error) {
    console.warn(`The ${language} translations did not load`, error);
    return;
  }
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or storage full: the choice lasts for this visit only.
  }
}

export { localeOf } from './locale.ts';

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

await i18n.use(initReactI18next).init({
  resources: { id: { translation: id } },
  lng: 'id',
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

// A reader who chose English sees English from the first paint: the app starts after this module.
const stored = storedLanguage();
if (stored !== 'id') await setLanguage(stored);

export default i18n;
