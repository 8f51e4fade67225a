import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import id from './id.json';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'bangkit.language';

// Both files must hold the same keys: a key missing from English fails the type check here.
const english: typeof id = en;
export const resources = { id: { translation: id }, en: { translation: english } } as const;

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value as Language) ? (value as Language) : 'id';
  } catch {
    return 'id';
  }
}

export function setLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or storage full: the choice lasts for this visit only.
  }
  void i18n.changeLanguage(language);
}

/** The locale for dates and numbers in the chosen language. */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'id-ID';
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
