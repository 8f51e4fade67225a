/** The cart, the order-request form and the buyer's status page. */
import { ORDER_STATES, type OrderState } from '../../../shared/marketplace.ts';
import { type Html, html, rupiah } from './html.ts';
import type { PageMeta } from './layout.ts';
import { whatsappLink } from './page-views.ts';

export function cartPage(): { meta: PageMeta; body: Html } {
  return {
    meta: {
      title: 'Keranjang — Pasar UMKM',
      description: 'Produk yang Anda pilih, dikelompokkan per toko.',
      canonicalPath: null,
      noindex: true,
    },
    body: html`<h1>Keranjang</h1>
<div data-cart><p class="meta">Memuat keranjang…</p></div>
<noscript><p class="alert">Keranjang disimpan di peramban dan membutuhkan JavaScript. Tanpa JavaScript, pesan langsung dari halaman produk dengan tombol “Tambah ke keranjang”.</p></noscript>`,
  };
}

export interface OrderLine {
  productId: number;
  variantId: number | null;
  quantity: number;
  name: string;
  unitPrice: number;
  slug: string;
  /** Units left, null for made to order. */
  stock: number | null;
}

export interface OrderFormValues {
  name: string;
  phone: string;
  fulfilment: 'delivery' | 'pickup' | '';
  address: string;
  note: string;
  key: string;
}

export interface OrderFormView {
  shop: { id: number; slug: string; name: string; kecamatan: string; openingHours: string };
  lines: OrderLine[];
  values: OrderFormValues;
  /** Field errors by form field name, and one message for the whole form. */
  errors: Record<string, string>;
  problem: string | null;
}

export const itemValue = (l: Pick<OrderLine, 'productId' | 'variantId' | 'quantity'>) =>
  `${l.productId}:${l.variantId ?? 0}:${l.quantity}`;

function fieldError(errors: Record<string, string>, name: string): Html | null {
  return errors[name] ? html`<p class="error" id="${name}-error">${errors[name]}</p>` : null;
}

const describedBy = (errors: Record<string, string>, name: string) =>
  errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : null;

export function orderFormPage(v: OrderFormView): { meta: PageMeta; body: Html } {
  const total = v.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const e = v.errors;
  const body = html`<h1>Permintaan pesanan</h1>
<p>Ke toko <a href="/belanja/toko/${v.shop.slug}">${v.shop.name}</a> (Kecamatan ${v.shop.kecamatan}). Belum ada pembayaran: penjual mengonfirmasi dulu dan menghubungi Anda.</p>
${v.problem ? html`<p class="alert" role="alert">${v.problem}</p>` : null}
<form method="post" action="/belanja/pesan" novalidate>
<div class="panel">
<table class="lines"><thead><tr><th>Produk</th><th class="num">Jumlah</th><th class="num">Subtotal</th></tr></thead><tbody>
${v.lines.map(
  (
    l,
    i,
  ) => html`<tr><td><a href="/p/${l.slug}">${l.name}</a><br><span class="meta">${rupiah(l.unitPrice)}</span>${fieldError(e, `items.${i}`)}</td>
<td class="num">${l.quantity}</td><td class="num">${rupiah(l.unitPrice * l.quantity)}</td></tr>`,
)}
</tbody><tfoot><tr><th colspan="2">Total</th><th class="num">${rupiah(total)}</th></tr></tfoot></table>
${v.lines.map((l) => html`<input type="hidden" name="item" value="${itemValue(l)}">`)}
<input type="hidden" name="key" value="${v.values.key}">
</div>
<div class="panel">
<div class="field"><label for="name">Nama *</label><input id="name" name="name" autocomplete="name" maxlength="80" required value="${v.values.name}"${describedBy(e, 'name')}>${fieldError(e, 'name')}</div>
<div class="field"><label for="phone">Nomor HP (WhatsApp) *</label><input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" placeholder="0812 3456 7890" maxlength="20" required value="${v.values.phone}"${describedBy(e, 'phone')}>${fieldError(e, 'phone')}</div>
<fieldset class="field"><legend>Pengambilan *</legend>
<label class="check"><input type="radio" name="fulfilment" value="pickup"${v.values.fulfilment !== 'delivery' ? html` checked` : null}> Diambil sendiri di toko (Kecamatan ${v.shop.kecamatan})</label>
<label class="check"><input type="radio" name="fulfilment" value="delivery"${v.values.fulfilment === 'delivery' ? html` checked` : null}> Diantar ke alamat saya</label>
${fieldError(e, 'fulfilment')}</fieldset>
<div class="field"><label for="address">Alamat pengantaran (wajib bila diantar)</label><textarea id="address" name="address" rows="3" maxlength="500" autocomplete="street-address"${describedBy(e, 'address')}>${v.values.address}</textarea>${fieldError(e, 'address')}</div>
<div class="field"><label for="note">Catatan untuk penjual</label><textarea id="note" name="note" rows="2" maxlength="1000"${describedBy(e, 'note')}>${v.values.note}</textarea>${fieldError(e, 'note')}</div>
<button class="primary" type="submit">Kirim permintaan pesanan</button>
</div>
</form>`;
  return {
    meta: {
      title: `Permintaan pesanan — ${v.shop.name}`,
      description: 'Kirim permintaan pesanan ke penjual UMKM.',
      canonicalPath: null,
      noindex: true,
    },
    body,
  };
}

export function orderProblemPage(message: string): { meta: PageMeta; body: Html } {
  return {
    meta: { title: 'Permintaan pesanan', description: message, canonicalPath: null, noindex: true },
    body: html`<h1>Permintaan pesanan</h1><p class="alert" role="alert">${message}</p><p><a class="button" href="/belanja/keranjang">Kembali ke keranjang</a></p>`,
  };
}

export const STATE_LABELS: Record<OrderState, string> = {
  requested: 'Menunggu konfirmasi penjual',
  confirmed: 'Dikonfirmasi penjual',
  declined: 'Ditolak penjual',
  ready: 'Siap diambil',
  shipped: 'Sedang diantar',
  completed: 'Selesai',
  cancelled: 'Dibatalkan',
};

/** What the status page shows: the buyer's own order only (the shape of the core's public order). */
export interface StatusOrder {
  code: string;
  shopName: string;
  shopSlug: string;
  shopWhatsapp: string;
  buyerName: string;
  fulfilment: 'delivery' | 'pickup';
  total: number;
  state: OrderState;
  reason: string | null;
  requestedAt: string;
  items: { name: string; unitPrice: number; quantity: number; lineTotal: number }[];
  events: { from: OrderState | null; to: OrderState; reason: string | null; at: string }[];
  canCancel: boolean;
}

/** The order as a WhatsApp message from the buyer to the shop. */
export function buyerMessage(o: StatusOrder, statusUrl: string): string {
  return [
    `Halo ${o.shopName}, saya ${o.buyerName}. Saya mengirim permintaan pesanan ${o.code}:`,
    ...o.items.map((i) => `- ${i.quantity} × ${i.name} @ ${rupiah(i.unitPrice)}`),
    `Total: ${rupiah(o.total)}`,
    o.fulfilment === 'delivery' ? 'Mohon diantar.' : 'Saya ambil sendiri.',
    `Status: ${statusUrl}`,
  ].join('\n');
}

const TIME = new Intl.DateTimeFormat('id-ID', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Jakarta',
});

export function statusPage(
  o: StatusOrder,
  opts: { token: string; statusUrl: string; justPlaced: boolean; timezone: string; notice: string | null },
): { meta: PageMeta; body: Html } {
  const time =
    opts.timezone === 'Asia/Jakarta'
      ? TIME
      : new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: opts.timezone });
  const chat = whatsappLink(o.shopWhatsapp, buyerMessage(o, opts.statusUrl));
  const reached = new Set(o.events.map((e) => e.to));
  const body = html`${opts.justPlaced ? html`<div class="ok" role="status" data-order-placed="${o.shopSlug}"><strong>Permintaan pesanan terkirim.</strong> Simpan alamat halaman ini untuk melihat statusnya. Kabari penjual lewat WhatsApp agar lebih cepat diproses.</div>` : null}
${opts.notice ? html`<p class="alert" role="alert">${opts.notice}</p>` : null}
<h1>Pesanan ${o.code}</h1>
<p>Status: <span class="state">${STATE_LABELS[o.state]}</span></p>
${o.reason ? html`<p>Alasan: ${o.reason}</p>` : null}
<p><a class="button" href="${chat}" rel="noopener" target="_blank">Kirim pesanan lewat WhatsApp ke ${o.shopName}</a></p>
<div class="panel">
<p><strong>${o.shopName}</strong> · ${o.fulfilment === 'delivery' ? 'Diantar' : 'Diambil sendiri'} · atas nama ${o.buyerName}</p>
<table class="lines"><tbody>
${o.items.map((i) => html`<tr><td>${i.name}<br><span class="meta">${i.quantity} × ${rupiah(i.unitPrice)}</span></td><td class="num">${rupiah(i.lineTotal)}</td></tr>`)}
</tbody><tfoot><tr><th>Total</th><th class="num">${rupiah(o.total)}</th></tr></tfoot></table>
</div>
<h2>Riwayat</h2>
<ol>${o.events.map((e) => html`<li>${STATE_LABELS[e.to]} · <span class="meta">${time.format(new Date(e.at))}</span>${e.reason ? html` — ${e.reason}` : null}</li>`)}</ol>
${
  ORDER_STATES.includes(o.state) && !reached.has('confirmed') && o.canCancel
    ? html`<form method="post" action="/belanja/pesanan/${opts.token}/batal" class="panel">
<p>Belum dikonfirmasi penjual: Anda masih bisa membatalkan.</p>
<button class="button secondary" type="submit">Batalkan pesanan</button>
</form>`
    : null
}
<p><a href="/belanja/toko/${o.shopSlug}">Kembali ke toko</a></p>`;
  return {
    meta: {
      title: `Pesanan ${o.code} — ${STATE_LABELS[o.state]}`,
      description: `Status permintaan pesanan ${o.code}.`,
      canonicalPath: null,
      noindex: true,
    },
    body,
  };
}
