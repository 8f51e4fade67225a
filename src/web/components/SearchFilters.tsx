import { Button, Collapse, Group, Indicator, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFilter, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A list's search box and its further filters: side by side on a wide screen; on a phone the filters
 * fold behind a "Filter (n)" button that counts the ones in use.
 */
export function SearchFilters({
  label,
  placeholder,
  search,
  activeFilters,
  wide,
  children,
}: {
  label: string;
  placeholder: string;
  search: { text: string; change: (value: string) => void };
  activeFilters: number;
  wide: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [open, panel] = useDisclosure(false);
  return (
    <>
      <Group gap="sm" align="flex-end" wrap="nowrap">
        <TextInput
          label={label}
          placeholder={placeholder}
          leftSection={<IconSearch size={16} />}
          value={search.text}
          onChange={(e) => search.change(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        {!wide && (
          <Indicator label={activeFilters} size={18} disabled={activeFilters === 0} offset={4}>
            <Button
              variant={open ? 'light' : 'default'}
              leftSection={<IconFilter size={16} />}
              onClick={panel.toggle}
              aria-expanded={open}
            >
              {t('businesses.filters.toggle')}
            </Button>
          </Indicator>
        )}
      </Group>
      {wide ? children : <Collapse expanded={open}>{children}</Collapse>}
    </>
  );
}
