import { useTranslation } from 'react-i18next';
import { isSystemActor } from '../../../shared/actors.ts';

/**
 * Names for what the log records. Later modules add entities, actions and fields the web app may not know yet:
 * those show as recorded.
 */
export function useAuditLabels() {
  const { t, i18n } = useTranslation();
  const label = (group: string, key: string) => {
    const path = `audit.${group}.${key}`;
    return i18n.exists(path) ? t(path as 'audit.title') : key;
  };
  const show = (field: string, value: unknown): string => labels.value(field, value);
  const labels = {
    entity: (entity: string) => label('entities', entity),
    action: (action: string) => label('actions', action),
    field: (field: string) => label('fields', field),
    /** A recorded value as a reader expects it: role names and yes/no in their language, data as it is. */
    value: (field: string, value: unknown): string => {
      if (value === null || value === undefined) return '—';
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      if (field === 'role' && typeof value === 'string' && i18n.exists(`roles.${value}`)) {
        return t(`roles.${value}` as 'roles.admin');
      }
      if (Array.isArray(value)) return value.length ? value.map((v) => show(field, v)).join(', ') : '—';
      // A record (legality, criteria, an address) field by field, never raw JSON.
      if (typeof value === 'object')
        return Object.entries(value as Record<string, unknown>)
          .map(([key, v]) => `${label('fields', key)}: ${show(key, v)}`)
          .join('; ');
      return String(value);
    },
    /** People are recorded by e-mail; the server itself as `system` or `system:<what>`, all one name. */
    actor: (actor: string) => (isSystemActor(actor) ? t('audit.system') : actor),
  };
  return labels;
}
