/** Why a row of an imported file is refused, in Indonesian: the reasons every import shares. */
export const ROW_PROBLEMS = {
  required_missing: 'Kolom wajib kosong.',
  nik_invalid: 'NIK tidak sah.',
  nik_numeric:
    'Sel NIK bertipe angka di Excel; Excel mungkin telah membulatkannya. Format kolom NIK sebagai Teks.',
  kk_invalid: 'No. KK harus 16 digit dengan kode wilayah yang dikenal.',
  kk_numeric:
    'Sel No. KK bertipe angka di Excel; Excel mungkin telah membulatkannya. Format kolom sebagai Teks.',
  phone_invalid: 'No. HP tidak sah (contoh: 081234567890).',
  nib_invalid: 'NIB harus 13 digit angka.',
  money_invalid: 'Nilai uang harus bilangan bulat rupiah tidak negatif.',
} as const;
