import { z } from 'zod';
import { E164_MOBILE, normalizeMobilePhone } from '../../../shared/marketplace.ts';
import type { DB } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';

export type { DB, Executor };

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Integer rupiah, 0 or more: a negative or fractional price is a field error naming the field. */
export const rupiah = (label: string) =>
  z
    .number({ error: `${label} harus berupa angka.` })
    .int(`${label} harus bilangan bulat rupiah (tanpa sen).`)
    .min(0, `${label} tidak boleh negatif.`)
    .max(1_000_000_000_000, `${label} terlalu besar.`);

/** Stock: a whole number 0 or more, or null for "made to order". */
export const stock = z
  .number({ error: 'Stok harus berupa angka.' })
  .int('Stok harus bilangan bulat.')
  .min(0, 'Stok tidak boleh negatif.')
  .max(1_000_000, 'Stok terlalu besar.')
  .nullable();

export const text = (label: string, max: number) =>
  z
    .string({ error: `${label} wajib diisi.` })
    .trim()
    .max(max, `${label} paling panjang ${max} karakter.`);

/** A mobile number typed any usual way, stored in E.164. */
export const mobilePhone = (label: string) =>
  z
    .string({ error: `${label} wajib diisi.` })
    .transform((value, ctx) => {
      const phone = normalizeMobilePhone(value);
      if (!phone) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} harus nomor ponsel Indonesia (mis. 0812 3456 7890).`,
        });
        return z.NEVER;
      }
      return phone;
    })
    .pipe(z.string().regex(E164_MOBILE));

/** The address of a stored photo at the given width (the web app asks for WebP, the JPEG is the fallback). */
export function photoUrl(key: string | null, width = 640, format: 'webp' | 'jpg' = 'webp'): string | null {
  return key ? `/api/v1/market/photos/${key}-${width}.${format}` : null;
}

/** A stored picture (a product photo, a campaign banner) as the app shows it: 640 px WebP, every width, a JPEG. */
export function pictureDto(p: { key: string; width: number; height: number; widths: number[] }) {
  const shown = p.widths.includes(640) ? 640 : (p.widths[0] as number);
  return {
    width: p.width,
    height: p.height,
    url: photoUrl(p.key, shown) as string,
    srcset: p.widths.map((w) => `${photoUrl(p.key, w)} ${Math.min(w, p.width)}w`).join(', '),
    jpegUrl: photoUrl(p.key, shown, 'jpg') as string,
  };
}
