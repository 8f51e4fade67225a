/**
 * HTML for the public pages, written as tagged templates: every interpolated value is escaped unless it is
 * already `Html` (made by this tag or `raw`), so a product named `<script>` is shown, never run.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup the code itself wrote (never text from a person). */
export const raw = (markup: string) => new Html(markup);

/**
 * JSON inside a `<script type="application/ld+json">`: `<` written as `\u003c` so that no text can close
 * the element, and the line separators JavaScript once refused.
 */
export function jsonForScript(value: unknown): Html {
  return new Html(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

const RUPIAH = new Intl.NumberFormat('id-ID');

/** `Rp 25.000`. */
export const rupiah = (amount: number) => `Rp ${RUPIAH.format(amount)}`;
