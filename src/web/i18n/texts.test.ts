import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every text of a language: the main file and its parts, as "key: text" lines. */
function textsOf(language: 'id' | 'en'): string[] {
  const dir = import.meta.dirname;
  const files = [
    path.join(dir, `${language}.json`),
    ...fs
      .readdirSync(path.join(dir, 'parts'))
      .filter((f) => f.endsWith(`.${language}.json`))
      .map((f) => path.join(dir, 'parts', f)),
  ];
  const out: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') out.push(`${key}: ${value}`);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
  };
  for (const file of files) walk(JSON.parse(fs.readFileSync(file, 'utf8')), '');
  return out;
}

describe('the texts people read', () => {
  it('say "programme" in English, as the aid pages do, never "program"', () => {
    const text = (line: string) => line.slice(line.indexOf(': ') + 2).replace(/\{\{[^}]*\}\}/g, '');
    expect(textsOf('en').filter((line) => /\bprograms?\b/i.test(text(line)))).toEqual([]);
  });

  it('do not ask to click or hover: on a phone one taps, so they say "pilih" / "choose"', () => {
    expect(
      textsOf('id').filter((line) => /\b(klik|hover)\b/i.test(line.split(': ').slice(1).join(': '))),
    ).toEqual([]);
    expect(
      textsOf('en').filter((line) => /\b(click|hover)\b/i.test(line.split(': ').slice(1).join(': '))),
    ).toEqual([]);
  });

  it('give the English sector labels in English ("Kuliner" is "Food and drink")', () => {
    expect(textsOf('en')).toContain('sectors.kuliner: Food and drink');
  });
});
