/**
 * The storefront's script. Every page works without it (the server renders them, forms submit to the
 * server); it adds the cart kept in the browser, search as you type and the cart count in the header.
 */
import './storefront.css';
import { addToCart, cartCount, orderFormUrl, readCart, removeShop, setQuantity } from './cart.ts';
import { el, rupiah } from './dom.ts';
import { enhanceSearch } from './search.ts';

function showCount() {
  const count = cartCount();
  for (const badge of document.querySelectorAll<HTMLElement>('[data-cart-count]')) {
    badge.textContent = String(count);
    badge.hidden = count === 0;
  }
}

/**
 * The product page's form orders the product at once without the script (GET /belanja/pesan); with it,
 * the product goes into the cart and the buyer may go on shopping.
 */
function enhanceAddToCart(form: HTMLFormElement) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const [productId, variantId] = String(data.get('item') ?? '').split(':');
    const variantChoice = data.get('variant');
    const chosenVariant = variantChoice ? Number(variantChoice) : Number(variantId ?? 0);
    const option = form.querySelector<HTMLOptionElement>(`option[value="${chosenVariant}"]`);
    const quantity = Math.max(1, Math.floor(Number(data.get('quantity') ?? 1)) || 1);
    addToCart({
      productId: Number(productId),
      variantId: chosenVariant > 0 ? chosenVariant : null,
      quantity,
      name: option?.dataset.name ?? form.dataset.name ?? '',
      price: Number(option?.dataset.price ?? form.dataset.price ?? 0),
      shopSlug: form.dataset.shopSlug ?? '',
      shopName: form.dataset.shopName ?? '',
      url: location.pathname,
    });
    const note = form.querySelector<HTMLElement>('[data-added]');
    if (note) note.hidden = false;
  });
}

function renderCart(root: HTMLElement) {
  const lines = readCart();
  if (lines.length === 0) {
    root.replaceChildren(
      el('p', { class: 'empty' }, 'Keranjang masih kosong. '),
      el('a', { class: 'button', href: '/belanja' }, 'Mulai belanja'),
    );
    return;
  }
  const shops = new Map<string, typeof lines>();
  for (const line of lines) shops.set(line.shopSlug, [...(shops.get(line.shopSlug) ?? []), line]);
  root.replaceChildren(
    ...[...shops.values()].map((shopLines) => {
      const total = shopLines.reduce((sum, l) => sum + l.price * l.quantity, 0);
      return el(
        'section',
        { class: 'cart-shop' },
        el('h2', {}, shopLines[0]!.shopName),
        el(
          'ul',
          { class: 'cart-lines' },
          ...shopLines.map((line) => {
            const quantity = el('input', {
              type: 'number',
              min: '0',
              max: '999',
              value: String(line.quantity),
              'aria-label': `Jumlah ${line.name}`,
              inputmode: 'numeric',
            });
            quantity.addEventListener('change', () => {
              setQuantity(line, Math.max(0, Math.floor(Number(quantity.value)) || 0));
              renderCart(root);
            });
            const remove = el('button', { type: 'button', class: 'link' }, 'Hapus');
            remove.addEventListener('click', () => {
              setQuantity(line, 0);
              renderCart(root);
            });
            return el(
              'li',
              {},
              el('a', { href: line.url }, line.name),
              el('span', { class: 'price' }, rupiah(line.price)),
              quantity,
              remove,
            );
          }),
        ),
        el('p', { class: 'cart-total' }, `Perkiraan total ${rupiah(total)}`),
        el('a', { class: 'button', href: orderFormUrl(shopLines) }, 'Kirim permintaan pesanan'),
      );
    }),
  );
}

/** The search filters are folded on a phone; on a wide screen they stay open (CSS does it where it can). */
function openFiltersWhenWide() {
  if (!window.matchMedia('(min-width: 760px)').matches) return;
  for (const box of document.querySelectorAll<HTMLDetailsElement>('details[data-filters]')) box.open = true;
}

function start() {
  openFiltersWhenWide();
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-search]')) enhanceSearch(form);
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-add-to-cart]'))
    enhanceAddToCart(form);
  const cart = document.querySelector<HTMLElement>('[data-cart]');
  if (cart) renderCart(cart);
  // The status page of an order request just sent: its shop's lines leave the cart.
  const placed = document.querySelector<HTMLElement>('[data-order-placed]');
  if (placed?.dataset.orderPlaced) removeShop(placed.dataset.orderPlaced);
  showCount();
  document.addEventListener('cart:change', showCount);
  window.addEventListener('storage', showCount);
}

start();
