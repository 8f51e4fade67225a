import { z } from 'zod';
import { EXPERTISE, SESSION_MODES } from '../../../shared/mentoring.ts';
import { IsoDate } from '../../http/dates.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const minutes = (label: string) =>
  z
    .number({ error: `${label} harus berupa angka menit.` })
    .int(`${label} harus bilangan bulat (menit penuh).`)
    .min(0, `${label} tidak boleh negatif.`)
    .max(24 * 60, `${label} paling banyak 1440 menit (sehari).`);
const text = (label: string, max: number) =>
  z
    .string({ error: `${label} harus berupa teks.` })
    .trim()
    .max(max, `${label} paling panjang ${max} karakter.`);

export const ActionItemInput = z.strictObject({
  businessId: id,
  what: text('Tindak lanjut', 500).min(1, 'Tindak lanjut wajib diisi.'),
  side: z.enum(['mentor', 'owner'], { error: 'Pilih siapa yang mengerjakan: pendamping atau pemilik.' }),
  dueOn: IsoDate.nullish(),
});

export const CreateSessionBody = z.strictObject({
  heldOn: IsoDate,
  mode: z.enum(SESSION_MODES, { error: 'Mode sesi harus kunjungan, daring atau kelompok.' }),
  prepMinutes: minutes('Menit persiapan'),
  contactMinutes: minutes('Menit tatap muka'),
  topics: z
    .array(z.enum(EXPERTISE, { error: 'Topik tidak dikenal.' }))
    .max(EXPERTISE.length)
    .default([]),
  problems: text('Masalah yang ditemukan', 4000).nullish(),
  notes: text('Catatan', 4000).nullish(),
  businessIds: z.array(id).min(1, 'Pilih minimal satu usaha.').max(60, 'Satu sesi paling banyak 60 usaha.'),
  actionItems: z.array(ActionItemInput).max(30).default([]),
  /** The mentor the office records for; a mentor records their own sessions. */
  mentorId: id.optional(),
  idempotencyKey: z
    .string()
    .trim()
    .min(8, 'Kunci idempotensi minimal 8 karakter.')
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'Kunci idempotensi hanya huruf, angka, titik, titik dua dan tanda hubung.')
    .describe(
      'A fresh random key per submit (crypto.randomUUID()): the same key again returns the first session',
    ),
});
export type CreateSessionInput = z.infer<typeof CreateSessionBody>;

export const ActionItemPatch = z.strictObject({ done: z.boolean() });

export const FormDefaultsQuery = z.object({
  mentorId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

export const FormDefaultsSchema = z.object({
  today: z.string(),
  mentorId: z.number().int().nullable(),
  lastTopics: z.array(z.enum(EXPERTISE)),
  lastMode: z.enum(SESSION_MODES).nullable(),
  lastPrepMinutes: z.number().int().nullable(),
  lastContactMinutes: z.number().int().nullable(),
  certificateValidToday: z.boolean(),
  /** The mentor's open cases, the businesses a session may be recorded for. */
  cases: z.array(
    z.object({
      caseId: z.number().int(),
      businessId: z.number().int(),
      businessName: z.string(),
      ownerName: z.string(),
      kelurahanName: z.string(),
      lastSessionOn: z.string().nullable(),
    }),
  ),
});

export const PhotoSchema = z.object({ id: z.number().int(), url: z.string(), bytes: z.number().int() });
