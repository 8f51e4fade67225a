import { useDebouncedCallback } from '@mantine/hooks';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters live in the URL, so a filtered page can be bookmarked, shared and restored with Back.
 * Changing any filter but the page returns to the first page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  /** Several filters at once (a kecamatan and the kelurahan it clears), in one history entry. */
  const setMany = useCallback(
    (values: Record<string, string | null | undefined>) => {
      // From the address bar, not from `params`: the router renders a navigation in a transition, so on a
      // slow phone a second filter chosen before that render would start from the old parameters and undo
      // the first (react-router's functional update passes the rendered parameters, not the latest).
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(values)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in values)) next.delete('page');
      setParams(next, { replace: true });
    },
    [setParams],
  );
  const set = useCallback(
    (key: string, value: string | null | undefined) => setMany({ [key]: value }),
    [setMany],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  return { params, set, setMany, clear, page };
}

/** A text filter: what is typed shows at once, and reaches the URL (and the server) when typing pauses. */
export function useTypedFilter(key: string, filters: ReturnType<typeof useUrlFilters>) {
  const [text, setText] = useState(filters.params.get(key) ?? '');
  const push = useDebouncedCallback((value: string) => filters.set(key, value.trim()), 300);
  const change = (value: string) => {
    setText(value);
    push(value);
  };
  const reset = () => {
    push.cancel();
    setText('');
  };
  return { text, change, reset };
}
