import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Hints under the inputs, so that inputs side by side line up whether or not they have a hint. */
export const HINTS_BELOW: ('label' | 'input' | 'description' | 'error')[] = [
  'label',
  'input',
  'description',
  'error',
];

/** One titled group of a form's fields: a fieldset whose legend is the title, for screen readers too. */
export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper
      p={{ base: 'sm', sm: 'md' }}
      radius="md"
      component="fieldset"
      style={{ border: undefined, margin: 0, minWidth: 0 }}
    >
      <Title
        order={3}
        fz="h5"
        mb={description ? 2 : 'sm'}
        component="legend"
        style={{ float: 'left', width: '100%' }}
      >
        {title}
      </Title>
      {description && (
        <Text size="xs" c="dimmed" mb="sm" style={{ clear: 'both' }}>
          {description}
        </Text>
      )}
      <div style={{ clear: 'both' }}>{children}</div>
    </Paper>
  );
}
