// @qiun/ucharts ships no types: the part the 数据报表 page uses.
declare module '@qiun/ucharts' {
  interface UChartsOptions {
    type: 'line' | 'column' | 'area';
    context: unknown;
    width: number;
    height: number;
    pixelRatio?: number;
    categories: string[];
    series: { name: string; data: number[]; color?: string }[];
    animation?: boolean;
    background?: string;
    padding?: number[];
    fontSize?: number;
    legend?: Record<string, unknown>;
    xAxis?: Record<string, unknown>;
    yAxis?: Record<string, unknown>;
    extra?: Record<string, unknown>;
    dataLabel?: boolean;
    dataPointShape?: boolean;
  }
  export default class UCharts {
    constructor(opts: UChartsOptions);
  }
}
