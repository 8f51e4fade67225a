/**
 * Recovery of mentored businesses against comparable businesses that were not mentored (decision 0013):
 * direct standardisation over strata (sector × kecamatan). In each stratum with mentored reporters, the
 * not-mentored share recovered is weighted by the number of mentored reporters there, so that a difference
 * in the mix of sectors and places does not pass for an effect of the mentoring. A stratum without a
 * not-mentored reporter has no comparison and is left out of both sides (and counted).
 */
export interface Stratum {
  sector: string;
  kecamatanCode: string;
  mentored: number;
  mentoredRecovered: number;
  notMentored: number;
  notMentoredRecovered: number;
}

export interface Standardised {
  mentored: { reporting: number; recovered: number; share: number | null };
  notMentored: {
    reporting: number;
    recovered: number;
    /** The comparison group's own share, not reweighted. */
    crudeShare: number | null;
    /** Σ m_s · (r_s / n_s) / Σ m_s over the strata used. */
    share: number | null;
  };
  strataUsed: number;
  strataLeftOut: number;
  mentoredLeftOut: number;
}

export function standardise(strata: readonly Stratum[]): Standardised {
  let m = 0;
  let mr = 0;
  let n = 0;
  let nr = 0;
  let weighted = 0;
  let used = 0;
  let leftOut = 0;
  let mentoredLeftOut = 0;
  for (const s of strata) {
    if (s.mentored <= 0) continue;
    if (s.notMentored <= 0) {
      leftOut += 1;
      mentoredLeftOut += s.mentored;
      continue;
    }
    used += 1;
    m += s.mentored;
    mr += s.mentoredRecovered;
    n += s.notMentored;
    nr += s.notMentoredRecovered;
    weighted += (s.mentored * s.notMentoredRecovered) / s.notMentored;
  }
  return {
    mentored: { reporting: m, recovered: mr, share: m ? mr / m : null },
    notMentored: {
      reporting: n,
      recovered: nr,
      crudeShare: n ? nr / n : null,
      share: m ? weighted / m : null,
    },
    strataUsed: used,
    strataLeftOut: leftOut,
    mentoredLeftOut,
  };
}

/** A share 0–1 as a percentage with one decimal. */
export const pct = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/** "Maret 2026" / "March 2026". */
export function monthName(period: string, language: 'id' | 'en'): string {
  const [year, month] = period.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year!, month! - 1, 1)));
}

/** "31 Maret 2026" / "31 March 2026". */
export function dayName(day: string, language: 'id' | 'en'): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

const num = (value: number, language: 'id' | 'en', digits = 0) =>
  new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);

/**
 * How the comparison was computed, in words and with its numbers, in Indonesian and English: shown beside
 * the figure on the page, in the PDF and the workbook.
 */
export function methodText(
  s: Standardised,
  period: string,
  periodEnd: string,
  language: 'id' | 'en',
): string {
  const month = monthName(period, language);
  const end = dayName(periodEnd, language);
  const p = (share: number | null) => (share === null ? '–' : `${num(share * 100, language, 1)}\u00a0%`);
  const leftOut =
    s.strataLeftOut === 0
      ? ''
      : language === 'id'
        ? ` ${num(s.strataLeftOut, language)} kelompok sektor × kecamatan (${num(s.mentoredLeftOut, language)} usaha yang didampingi) tidak punya usaha pembanding yang melapor, sehingga tidak dihitung di kedua sisi.`
        : ` ${num(s.strataLeftOut, language)} sector × kecamatan groups (${num(s.mentoredLeftOut, language)} mentored businesses) have no comparison business that reported, so they are left out of both sides.`;
  const definition =
    language === 'id'
      ? `Usaha dihitung didampingi bila mendapat sesi pendampingan sampai ${end}; pulih berarti omzet bulan itu turun paling banyak 10\u00a0% dari omzet dasar sebelum pandemi (atau naik). Hanya usaha yang punya omzet dasar yang dihitung.`
      : `A business counts as mentored when it had a mentoring session by ${end}; recovered means its turnover that month is at most 10\u00a0% below its pre-pandemic baseline (or above it). Only businesses with a baseline are counted.`;
  if (s.mentored.reporting === 0) {
    return language === 'id'
      ? `Belum ada usaha yang didampingi yang melapor omzet ${month} dan punya usaha pembanding yang tidak didampingi di sektor dan kecamatan yang sama, sehingga perbandingan belum dapat dihitung. ${definition}${leftOut}`
      : `No mentored business reported turnover for ${month} with a comparable not-mentored business in the same sector and kecamatan, so the comparison cannot be computed yet. ${definition}${leftOut}`;
  }
  const diff = (s.mentored.share! - s.notMentored.share!) * 100;
  const signed = `${diff >= 0 ? '+' : '−'}${num(Math.abs(diff), language, 1)}`;
  return language === 'id'
    ? `Dari ${num(s.mentored.reporting, language)} usaha yang didampingi dan melapor omzet ${month}, ${num(s.mentored.recovered, language)} (${p(s.mentored.share)}) pulih, dibandingkan ${p(s.notMentored.share)} usaha sebanding yang tidak didampingi (${num(s.notMentored.reporting, language)} usaha di sektor dan kecamatan yang sama, periode yang sama), ditimbang menurut komposisi sektor × kecamatan usaha yang didampingi: di setiap kelompok, bagian yang pulih di antara usaha yang tidak didampingi diberi bobot sebanyak usaha yang didampingi di kelompok itu, agar perbedaan sektor dan wilayah tidak terbaca sebagai hasil pendampingan. Tanpa penimbangan, ${p(s.notMentored.crudeShare)} usaha pembanding pulih. Selisihnya ${signed} poin persentase, dari ${num(s.strataUsed, language)} kelompok sektor × kecamatan. ${definition}${leftOut}`
    : `Of the ${num(s.mentored.reporting, language)} mentored businesses that reported turnover for ${month}, ${num(s.mentored.recovered, language)} (${p(s.mentored.share)}) recovered, against ${p(s.notMentored.share)} of comparable businesses that were not mentored (${num(s.notMentored.reporting, language)} businesses in the same sectors and kecamatan, same month), reweighted to the mentored group's mix of sector × kecamatan: in each group the share recovered among the not-mentored is weighted by the number of mentored businesses there, so that a difference in sectors and places does not pass for an effect of the mentoring. Unweighted, ${p(s.notMentored.crudeShare)} of the comparison businesses recovered. The difference is ${signed} percentage points, over ${num(s.strataUsed, language)} sector × kecamatan groups. ${definition}${leftOut}`;
}
