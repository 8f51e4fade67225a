import { groupedCode } from '../../../shared/certificates.ts';
import { injectHead } from '../../http/page-head.ts';
import { dayName } from '../mentoring/comparison.ts';
import type { Verification } from './certificates.schema.ts';

/*
 * The public verification page, rendered on the server: it must read well on a phone that scanned the QR
 * code, without the web app and without signing in. Only what the certificate itself says is shown — never
 * a NIK, phone or email (there are none on a certificate row).
 */

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STATUS = {
  valid: { label: 'SAH', text: 'Sertifikat ini sah dan berlaku.', color: '#1b7a3d', bg: '#e6f4ea' },
  revoked: {
    label: 'DICABUT',
    text: 'Sertifikat ini telah dicabut oleh penerbitnya.',
    color: '#b42318',
    bg: '#fdecea',
  },
  expired: {
    label: 'KEDALUWARSA',
    text: 'Masa berlaku sertifikat ini sudah habis.',
    color: '#9a5b00',
    bg: '#fff4e0',
  },
  unknown: {
    label: 'TIDAK DIKENAL',
    text: 'Kode ini tidak cocok dengan sertifikat mana pun yang diterbitkan Bangkit.',
    color: '#475467',
    bg: '#f2f4f7',
  },
} as const;

const KIND = {
  event_attendance: 'Sertifikat kehadiran',
  mentor_competency: 'Sertifikat kompetensi pendamping',
};

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
background:#f4f6f9;color:#1f2933;line-height:1.5}main{max-width:640px;margin:0 auto;padding:20px 16px 40px}
header{display:flex;align-items:center;gap:10px;margin-bottom:18px}header svg{width:36px;height:36px;flex:none}
header strong{font-size:18px}header span{display:block;font-size:13px;color:#616e7c}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.12);overflow:hidden}
.status{padding:18px 20px;border-bottom:1px solid #e4e7ec}.badge{display:inline-block;font-weight:700;
letter-spacing:.06em;border-radius:999px;padding:4px 14px;font-size:14px}.status p{margin:10px 0 0;font-size:16px}
dl{margin:0;padding:8px 20px 18px}dt{font-size:13px;color:#616e7c;margin-top:12px}dd{margin:2px 0 0;font-size:17px;
overflow-wrap:anywhere}dd.holder{font-size:22px;font-weight:700}.revoked{background:#fdecea;border-radius:8px;
padding:10px 12px;margin:14px 20px 0}.actions{padding:0 20px 20px}a.button,button{display:inline-block;
background:#1a4f8b;color:#fff;border:0;border-radius:8px;padding:10px 16px;font-size:15px;text-decoration:none;
cursor:pointer}form{display:flex;gap:8px;margin-top:18px;flex-wrap:wrap}input{flex:1;min-width:200px;
font-size:16px;padding:9px 10px;border:1px solid #c4cbd4;border-radius:8px}label{font-size:14px;width:100%}
footer{margin-top:18px;font-size:13px;color:#616e7c}code{font-size:15px}`;

const MARK = `<svg viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="7" fill="#1a4f8b"/>
<path d="M7 22l6-6 4 4 8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
<path d="M19 11h6v6" fill="none" stroke="#f5b82e" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

const field = (label: string, value: string | null, cls = '') =>
  value ? `<dt>${esc(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${esc(value)}</dd>` : '';

export function verificationPage(v: Verification, urls: { self: string | null; pdf: string | null }): string {
  const s = STATUS[v.status];
  const known = v.status !== 'unknown';
  const title = known
    ? `Verifikasi sertifikat ${v.number} — ${s.label.toLowerCase()} · Bangkit`
    : 'Sertifikat tidak ditemukan · Bangkit';
  const description = known
    ? `${KIND[v.kind!]} untuk ${v.holder}: ${v.title}. Status pada ${dayName(v.checkedOn, 'id')}: ${s.label.toLowerCase()}.`
    : 'Kode verifikasi ini tidak dikenal.';
  const details = known
    ? `<dl>
  ${field('Nama pemegang', v.holder, 'holder')}
  ${field('Untuk', v.title)}
  ${field('Jenis', KIND[v.kind!])}
  ${field('Tanggal terbit', dayName(v.issuedAt!, 'id'))}
  ${field('Berlaku sampai', v.validUntil ? dayName(v.validUntil, 'id') : 'Tanpa batas waktu')}
  ${field('Penerbit', v.issuer)}
  ${field('Penanda tangan', v.signatory ? `${v.signatory.name}, ${v.signatory.position}` : null)}
  ${field('Nomor sertifikat', v.number)}
  <dt>Kode verifikasi</dt><dd><code>${esc(groupedCode(v.code))}</code></dd>
</dl>`
    : '';
  const revoked =
    v.status === 'revoked'
      ? `<div class="revoked"><strong>Dicabut pada ${esc(dayName(v.revokedAt!, 'id'))}.</strong><br>Alasan: ${esc(v.revokedReason ?? '')}</div>`
      : '';
  const actions = urls.pdf
    ? `<div class="actions"><a class="button" href="${esc(urls.pdf)}">Unduh sertifikat (PDF)</a></div>`
    : '';
  const html = `<!doctype html>
<html lang="id">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title></title>
    <meta name="description" content="" />
    <style>${STYLE}</style>
  </head>
  <body>
    <main>
      <header>${MARK}<div><strong>Bangkit</strong><span>Verifikasi sertifikat</span></div></header>
      <section class="card" aria-labelledby="status">
        <div class="status" style="background:${s.bg}">
          <span class="badge" id="status" style="color:#fff;background:${s.color}">${s.label}</span>
          <p>${esc(s.text)}</p>
          ${known ? '' : `<p>Kode: <code>${esc(v.code)}</code></p>`}
        </div>
        ${revoked}
        ${details}
        ${actions}
      </section>
      <form action="/verify" method="get">
        <label for="code">Periksa kode lain</label>
        <input id="code" name="code" autocomplete="off" autocapitalize="characters" placeholder="XXXX-XXXX-XXXX-XXXX-XXXX" />
        <button type="submit">Periksa</button>
      </form>
      <footer>Status per ${esc(dayName(v.checkedOn, 'id'))}. Halaman ini hanya menampilkan isi sertifikat; data pribadi lain tidak pernah ditampilkan.</footer>
    </main>
  </body>
</html>`;
  return injectHead(html, { title, description, url: urls.self, noIndex: true });
}
