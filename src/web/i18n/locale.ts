/** The locale for dates and numbers in the chosen language. */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'id-ID';
}
