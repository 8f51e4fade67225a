/**
 * The buyer's cart, kept in this browser only (localStorage): no account, nothing on the server until an
 * order request is sent. One line per product and variant; an order request is per shop, so the cart page
 * groups lines by shop.
 */
export interface CartLine {
  productId: number;
  variantId: number | null;
  quantity: number;
  name: string;
  /** Rupiah per unit when it was added; the order form shows the shop's current price. */
  price: number;
  shopSlug: string;
  shopName: string;
  url: string;
}

const KEY = 'bangkit.cart.v1';
const MAX_QUANTITY = 999;

function isLine(value: unknown): value is CartLine {
  const line = value as CartLine;
  return (
    typeof line === 'object' &&
    line !== null &&
    Number.isInteger(line.productId) &&
    (line.variantId === null || Number.isInteger(line.variantId)) &&
    Number.isInteger(line.quantity) &&
    line.quantity > 0 &&
    typeof line.name === 'string' &&
    typeof line.shopSlug === 'string'
  );
}

export function readCart(): CartLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isLine) : [];
  } catch {
    return [];
  }
}

function writeCart(lines: CartLine[]) {
  try {
    localStorage.setItem(KEY, JSON.stringify(lines));
  } catch {
    // Private mode or a full storage: the cart lives as long as the page.
  }
  document.dispatchEvent(new CustomEvent('cart:change'));
}

const sameItem = (
  a: Pick<CartLine, 'productId' | 'variantId'>,
  b: Pick<CartLine, 'productId' | 'variantId'>,
) => a.productId === b.productId && a.variantId === b.variantId;

export function addToCart(line: CartLine) {
  const lines = readCart();
  const existing = lines.find((l) => sameItem(l, line));
  if (existing) existing.quantity = Math.min(MAX_QUANTITY, existing.quantity + line.quantity);
  else lines.push({ ...line, quantity: Math.min(MAX_QUANTITY, line.quantity) });
  writeCart(lines);
}

export function setQuantity(item: Pick<CartLine, 'productId' | 'variantId'>, quantity: number) {
  const lines = readCart()
    .map((l) => (sameItem(l, item) ? { ...l, quantity: Math.min(MAX_QUANTITY, quantity) } : l))
    .filter((l) => l.quantity > 0);
  writeCart(lines);
}

/** After an order request to a shop went through, its lines leave the cart. */
export function removeShop(shopSlug: string) {
  writeCart(readCart().filter((l) => l.shopSlug !== shopSlug));
}

export function cartCount(): number {
  return readCart().reduce((total, line) => total + line.quantity, 0);
}

/** The order form's address for one shop's lines: `item=<product>:<variant or 0>:<quantity>`. */
export function orderFormUrl(lines: CartLine[]): string {
  const params = new URLSearchParams();
  for (const line of lines)
    params.append('item', `${line.productId}:${line.variantId ?? 0}:${line.quantity}`);
  return `/belanja/pesan?${params.toString()}`;
}
