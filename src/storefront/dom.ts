/** The little DOM help the storefront's script needs; text always goes in as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

const RUPIAH = new Intl.NumberFormat('id-ID');

/** `Rp 25.000`, as the server writes it. */
export const rupiah = (amount: number) => `Rp ${RUPIAH.format(amount)}`;
