import { Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';

/**
 * Holds a chart at a fixed height; below `minWidth` it scrolls sideways instead of squeezing labels
 * together, so a phone shows a readable chart.
 */
export function ChartFrame({
  height,
  minWidth = 0,
  children,
  label,
  testId,
  scrollToEnd = false,
}: {
  height: number;
  minWidth?: number;
  children: ReactNode;
  /** What the chart shows, for screen readers (the table beside it carries the numbers). */
  label: string;
  testId?: string;
  /** A time axis that does not fit starts at its latest months. */
  scrollToEnd?: boolean;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a wider chart (one more month) scrolls to its end again
  useEffect(() => {
    if (scrollToEnd && viewport.current) viewport.current.scrollLeft = viewport.current.scrollWidth;
  }, [scrollToEnd, minWidth]);
  return (
    <ScrollArea type="auto" offsetScrollbars="x" scrollbarSize={6} viewportRef={viewport}>
      <div style={{ minWidth, height, width: '100%' }} role="img" aria-label={label} data-testid={testId}>
        {children}
      </div>
    </ScrollArea>
  );
}

/** The box a chart's tooltip shows on hover or tap. */
export function ChartTooltip({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Paper shadow="md" p="xs" radius="sm" style={{ pointerEvents: 'none' }}>
      <Stack gap={2}>
        <Text size="sm" fw={600}>
          {title}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}
