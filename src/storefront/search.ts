import { el, rupiah } from './dom.ts';

interface Suggestion {
  name: string;
  price: number;
  url: string;
  shopName: string;
}

/**
 * Search as you type: under the header's search box, the first products the same search finds, fetched
 * from the JSON API a moment after the buyer stops typing. Enter still submits the form to the search page,
 * which is the whole answer with filters.
 */
export function enhanceSearch(form: HTMLFormElement) {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  if (!input) return;
  const list = el('ul', { class: 'suggest', id: 'search-suggest', role: 'listbox', hidden: '' });
  form.append(list);
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('aria-controls', 'search-suggest');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const hide = () => {
    list.hidden = true;
    list.replaceChildren();
  };

  const show = (items: Suggestion[]) => {
    list.replaceChildren(
      ...items.map((item) =>
        el(
          'li',
          { role: 'option' },
          el(
            'a',
            { href: item.url },
            el('span', { class: 'suggest-name' }, item.name),
            el('span', { class: 'suggest-meta' }, `${rupiah(item.price)} · ${item.shopName}`),
          ),
        ),
      ),
    );
    list.hidden = items.length === 0;
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return hide();
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`/api/v1/store/search?${new URLSearchParams({ q, pageSize: '6' })}`, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
        });
        if (!response.ok) return hide();
        const body = (await response.json()) as { items: Suggestion[] };
        if (input.value.trim() === q) show(body.items);
      } catch {
        // Aborted by the next keystroke, or offline: the form still works.
      }
    }, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
  document.addEventListener('click', (event) => {
    if (!form.contains(event.target as Node)) hide();
  });
}
