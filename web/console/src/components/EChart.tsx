/**
 * One Apache ECharts chart, drawn as SVG: created when mounted, given its option whenever the option
 * changes, resized with its box, disposed when unmounted. Only the chart types and components
 * registered here are bundled, and only into the screens that draw a chart (each a lazy chunk).
 *
 * The direction rules apply to every chart: time runs left to right in both languages (no axis of
 * the option is inverted); in Arabic the value axis stands on the right and the legend is mirrored
 * (placed on the right, its items in reading order from the right, each icon right of its name).
 * For screen readers the picture is one image with a name, and the same figures follow it as a
 * visually hidden table (`children`).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { LineChart, ScatterChart, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { currentLanguage } from '../i18n';

use([LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, MarkAreaComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | ScatterSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | MarkAreaComponentOption | TooltipComponentOption
>;

/** The charts' inks, dark enough to read on white: figures, centre, limits, median, target, intervention, axis labels. */
export const CHART_COLOURS = { point: '#1864ab', centre: '#2b8a3e', limits: '#c92a2a', median: '#495057', target: '#5c940d', intervention: '#212529', label: '#495057' };

type Axis = Record<string, unknown>;
const list = <T,>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Space beside the plot: the value axis side needs room for its labels. */
const AXIS_SIDE = 64;
const OTHER_SIDE = 20;

/** The option as the reader's direction wants it (see the header). */
export function mirrored(option: ChartOption, rtl: boolean): ChartOption {
  const xAxis = list(option.xAxis as Axis | Axis[] | undefined).map((axis) => ({ ...axis, inverse: false }));
  const yAxis = list(option.yAxis as Axis | Axis[] | undefined).map((axis) => ({ ...axis, position: rtl ? 'right' : 'left' }));
  const grid = list(option.grid as Axis | Axis[] | undefined).map((g) => ({ ...g, left: rtl ? OTHER_SIDE : AXIS_SIDE, right: rtl ? AXIS_SIDE : OTHER_SIDE }));
  const names = [...new Set(list(option.series as { name?: string }[] | undefined).flatMap((s) => (s.name ? [s.name] : [])))];
  const legend = list(option.legend as Axis | Axis[] | undefined).map((l) => {
    const data = (l.data as unknown[] | undefined) ?? names;
    return { ...l, left: rtl ? undefined : OTHER_SIDE, right: rtl ? OTHER_SIDE : undefined, align: rtl ? 'right' : 'left', data: rtl ? [...data].reverse() : data };
  });
  const tooltip = list(option.tooltip as Axis | Axis[] | undefined).map((t) => ({ ...t, extraCssText: `direction: ${rtl ? 'rtl' : 'ltr'}; text-align: ${rtl ? 'right' : 'left'};` }));
  return {
    ...option,
    ...(xAxis.length ? { xAxis } : {}),
    ...(yAxis.length ? { yAxis } : {}),
    grid: grid.length ? grid : [{ left: rtl ? OTHER_SIDE : AXIS_SIDE, right: rtl ? AXIS_SIDE : OTHER_SIDE }],
    ...(legend.length ? { legend } : {}),
    ...(tooltip.length ? { tooltip } : {}),
  } as ChartOption;
}

export function EChart({ option, label, height = 320, testId, children }: { option: ChartOption; label: string; height?: number; testId?: string; children?: ReactNode }) {
  useTranslation();
  const rtl = currentLanguage() === 'ar';
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    const instance = init(element, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const fontFamily = box.current ? getComputedStyle(box.current).fontFamily : undefined;
    // No animation: the picture is the figures, at once (and the same in every screenshot).
    chart.current?.setOption({ animation: false, textStyle: { fontFamily }, ...mirrored(option, rtl) }, { notMerge: true });
  }, [option, rtl]);

  return (
    <figure style={{ margin: 0 }} data-testid={testId} data-value-axis={rtl ? 'right' : 'left'}>
      {/* Left to right inside the picture: SVG text anchors follow the direction, and time runs left to right. */}
      <div ref={box} role="img" aria-label={label} dir="ltr" style={{ width: '100%', height }} />
      {children && <VisuallyHidden>{children}</VisuallyHidden>}
    </figure>
  );
}
