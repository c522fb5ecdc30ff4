import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Drawn as a filled band between this series and the one named. */
  fillTo?: number;
  dash?: number[];
  width?: number;
}

/**
 * A line chart on uPlot (≈ 45 KB, canvas, thousands of points without effort), loaded only by
 * the pages that draw one so the first page stays light. x is months or days as epoch seconds.
 */
export function LineChart({
  x,
  series,
  height = 240,
  label,
  format,
}: {
  x: number[];
  series: ChartSeries[];
  height?: number;
  label: string;
  format: (v: number) => string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: uPlot | undefined;
    let cancelled = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      if (cancelled || !host.current) return;
      const width = host.current.clientWidth || 600;
      const bands = series.flatMap((s, i) =>
        s.fillTo === undefined ? [] : [{ series: [i + 1, s.fillTo + 1] as [number, number], fill: `${s.color}33` }],
      );
      chart = new UPlot(
        {
          width,
          height,
          bands,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          axes: [{}, { values: (_u, ticks) => ticks.map((t) => format(t)), size: 80 }],
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: s.width ?? 2,
              dash: s.dash,
              value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
            })),
          ],
        },
        [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
        host.current,
      );
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [x, series, height, format]);
  return <div ref={host} class="chart" role="img" aria-label={label} />;
}

export function monthToEpoch(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y, m - 1, 1) / 1000;
}

export function dayToEpoch(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}
