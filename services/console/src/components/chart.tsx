import { useEffect, useRef } from 'preact/hooks';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { BarChart, FunnelChart, PieChart, type BarSeriesOption, type FunnelSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, PieChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | FunnelSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

/** The same font stack as the page, so canvas text renders Chinese with the installed CJK font. */
export const CHART_FONT = '"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif';

/**
 * One ECharts chart (canvas), sized to its box and resized with the window. The `label` names the
 * chart for screen readers; put the same figures in a table next to it.
 *
 * @example
 * <Chart label="按产业链" option={{ xAxis: …, yAxis: …, series: [{ type: 'bar', data }] }} />
 */
export function Chart({ option, label, height = 280 }: { option: ChartOption; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  useEffect(() => {
    if (!box.current) return;
    chart.current = init(box.current, undefined, { renderer: 'canvas' });
    const onResize = () => chart.current?.resize();
    addEventListener('resize', onResize);
    return () => {
      removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, textStyle: { fontFamily: CHART_FONT }, animation: false, ...option }, true);
  }, [option]);
  return <div class="chart" ref={box} role="img" aria-label={label} style={{ height: `${height}px` }} />;
}
