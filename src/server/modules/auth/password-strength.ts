import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { AppError } from '../../http/errors.ts';

/**
 * zxcvbn's score (0–4) a new password needs: 3 means "safely unguessable", about 10^8 guesses, well beyond
 * what the sign-in throttle lets through.
 */
export const MIN_PASSWORD_SCORE = 3;

const CHECKED_LENGTH = 40;

let checker: Promise<ZxcvbnFactory> | undefined;

/** The checker, loaded at first use (its dictionaries take half a second, which most commands never need). */
function passwordChecker(): Promise<ZxcvbnFactory> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, english, indonesian] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-id'),
    ]);
    // No translations: warnings come back as keys (commonPassword ...), which the web app translates.
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary, ...indonesian.dictionary },
      graphs: common.adjacencyGraphs,
      // The check is synchronous and grows faster than the length: past 40 characters a crafted password
      // would hold the server for seconds. A longer one is judged by its first 40.
      maxLength: CHECKED_LENGTH,
    });
  })();
  return checker;
}

async function indonesianText(kind: 'warnings' | 'suggestions', key: string): Promise<string | undefined> {
  const { translations } = await import('@zxcvbn-ts/language-id');
  return (translations[kind] as Record<string, string>)[key];
}

/** What the password is judged against besides the dictionaries: who it belongs to, and the app itself. */
function personalWords(owner: { email: string; name?: string | null }): string[] {
  const local = owner.email.split('@')[0] ?? '';
  return [
    owner.email,
    local,
    ...local.split(/[._+-]+/),
    ...(owner.name?.split(/\s+/) ?? []),
    'bangkit',
  ].filter((w) => w.length >= 3);
}

/**
 * Refuses a password that the commonest lists, keyboard walks, repeats, dates or the owner's own name and
 * email would guess (PasswordTooWeak, a field error at `path` with the reason in Indonesian and its key).
 */
export async function assertStrongPassword(
  password: string,
  owner: { email: string; name?: string | null },
  path: string,
) {
  const result = (await passwordChecker()).check(password, personalWords(owner));
  if (result.score >= MIN_PASSWORD_SCORE) return;
  const warning = result.feedback.warning;
  const suggestions = result.feedback.suggestions;
  const reason =
    (warning ? await indonesianText('warnings', warning) : undefined) ??
    (suggestions[0] ? await indonesianText('suggestions', suggestions[0]) : undefined);
  const message = `Kata sandi terlalu mudah ditebak.${reason ? ` ${reason}` : ''}`;
  throw new AppError('PasswordTooWeak', 400, message, {
    errors: [{ path, message, issue: 'weak_password', params: { warning, suggestions } }],
  });
}
