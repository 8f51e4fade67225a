import type { UseFormReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import { ApiError, type FieldError } from '../api/client.ts';
import i18n from '../i18n/index.ts';

/** The sentence to show for any error, chosen by its stable code. */
export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown');
  if (error.code === 'TooManyAttempts') {
    const seconds = Number(error.problem.retryAfterSeconds);
    if (Number.isFinite(seconds) && seconds > 0) {
      return t('errors.TooManyAttemptsWait', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
    }
  }
  const key = `errors.${error.code}`;
  return i18n.exists(key) ? t(key as 'errors.unknown') : t('errors.unknown');
}

/**
 * Puts the server's field errors (`path` like `body.email`) under the matching form fields.
 * A field error with a domain code (EmailTaken ...) is translated by that code; a ValidationFailed message is
 * the server's own sentence, which is Indonesian, so in another language a translated generic one stands in.
 * Returns true when every error found a field, so the caller need not show a general alert.
 */
export function applyFieldErrors(
  // biome-ignore lint/suspicious/noExplicitAny: works for any form's values
  form: UseFormReturnType<any>,
  t: TFunction,
  error: unknown,
  /** API field name → form field, where the form splits or renames one (areaCode → kecamatan). */
  aliases: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError) || error.errors.length === 0) return false;
  const values = form.getValues() as Record<string, unknown>;
  let allPlaced = true;
  for (const fieldError of error.errors) {
    // `body.owner.nik` is the form's `owner.nik`; `body.online.social.2` is the list `online.social`.
    const name = fieldError.path.replace(/^body\./, '').replace(/(\.\d+)+$/, '');
    const field = aliases[name] ?? name;
    if (!hasPath(values, field)) {
      allPlaced = false;
      continue;
    }
    form.setFieldError(field, fieldErrorText(t, error.code, fieldError));
  }
  return allPlaced;
}

function hasPath(values: Record<string, unknown>, path: string): boolean {
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

function fieldErrorText(t: TFunction, code: string, fieldError: FieldError): string {
  if (code === 'PasswordTooWeak') return weakPasswordText(t, fieldError);
  if (code !== 'ValidationFailed') {
    for (const key of [`fieldErrors.${code}`, `errors.${code}`]) {
      if (i18n.exists(key)) return t(key as 'errors.unknown');
    }
  }
  return i18n.language === 'id' && fieldError.message ? fieldError.message : t('fieldErrors.invalid');
}

/** "Too easy to guess", and why: the checker's warning, or else its first suggestion. */
function weakPasswordText(t: TFunction, fieldError: FieldError): string {
  const { warning, suggestions } = fieldError.params ?? {};
  const first = Array.isArray(suggestions) ? suggestions[0] : undefined;
  const reasonKey =
    typeof warning === 'string'
      ? `passwordWeakness.warnings.${warning}`
      : typeof first === 'string'
        ? `passwordWeakness.suggestions.${first}`
        : undefined;
  const lead = t('fieldErrors.PasswordTooWeak');
  return reasonKey && i18n.exists(reasonKey) ? `${lead} ${t(reasonKey as 'errors.unknown')}` : lead;
}
