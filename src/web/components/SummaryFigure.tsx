import { Card, Text } from '@mantine/core';

/** One count of an import's or a program's summary: a small label over a large number. */
export function SummaryFigure({
  label,
  value,
  color,
  note,
  testId,
}: {
  label: string;
  value: string;
  /** A line under the number, e.g. the share it is of a whole. */
  note?: string;
  /** A Mantine colour with shade, e.g. `teal.8`. */
  color: string;
  testId?: string;
}) {
  return (
    <Card padding="sm" radius="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} c={color} lh={1.2} data-testid="figure">
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed" mt={2}>
          {note}
        </Text>
      )}
    </Card>
  );
}
