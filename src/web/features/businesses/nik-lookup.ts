import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ANY_REGENCY, parseNik } from '../../../shared/identity.ts';
import { isApiError } from '../../api/client.ts';
import { useOwnerLookup } from './businesses.api.ts';

/**
 * A NIK typed into a form, looked up in the registry once it looks whole (16 digits, a real date, a serial):
 * is the person registered, and is the NIK's region real? The browser has no area data, so the region is
 * the server's to judge; its Indonesian sentence ("Kode provinsi/kabupaten-kota pada NIK tidak dikenal.")
 * is shown under the field as soon as the answer comes — before the person leaves the field, at the latest
 * when they do — never only after submitting. Used by the business form and the aid applicant form.
 */
export function useNikLookup(nikInput: string, enabled = true) {
  const { t, i18n } = useTranslation();
  const nik = nikInput.trim();
  const check = parseNik(nik, ANY_REGENCY);
  const [toLookUp] = useDebouncedValue(enabled && check.ok ? check.value.nik : null, 250);
  const lookup = useOwnerLookup(toLookUp);
  const current = toLookUp !== null && toLookUp === nik;
  const problem =
    current && isApiError(lookup.error, 'NikInvalid')
      ? i18n.language === 'id' && lookup.error.detail
        ? lookup.error.detail
        : t('fieldErrors.NikInvalid')
      : null;
  return { lookup, toLookUp, data: current ? lookup.data : undefined, problem };
}
