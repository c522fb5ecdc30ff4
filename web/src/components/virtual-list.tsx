import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Renders only the rows in view (plus a margin), so 100,000 rows scroll as smoothly as 50:
 * fixed-height rows, one absolutely positioned window inside a spacer of the full height.
 * Calls onNearEnd when the view comes within a page of the last loaded row.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  height,
  render,
  onNearEnd,
  label,
  keyOf,
}: {
  items: T[];
  /** A stable key per item, so a row that stays in view is kept, not redrawn, as the list scrolls. */
  keyOf: (item: T) => string;
  rowHeight: number;
  height: number;
  render: (item: T, index: number) => ComponentChildren;
  onNearEnd?: () => void;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const margin = 8;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - margin);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + margin);

  useEffect(() => {
    if (onNearEnd && last >= items.length - margin * 4) onNearEnd();
  }, [last, items.length]);

  return (
    <div
      ref={host}
      class="virtual"
      style={{ height: `${height}px` }}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      role="list"
      aria-label={label}
      tabIndex={0}
    >
      <div style={{ height: `${items.length * rowHeight}px`, position: 'relative' }}>
        <div style={{ transform: `translateY(${first * rowHeight}px)` }}>
          {items.slice(first, last).map((item, i) => (
            <div role="listitem" class="virtual-row" style={{ height: `${rowHeight}px` }} key={keyOf(item)}>
              {render(item, first + i)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
