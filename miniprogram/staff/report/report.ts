// 数据报表 (admins): a period's figures beside the previous period, the trend chart and 导出 Excel.
import UCharts from '@qiun/ucharts';
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { toast } from '../../utils/page';
import { BY_PRIZE_TITLE, EVENT_KIND_TEXT, REPORT_SECTIONS, SERIES_LABELS, TOP_EVENTS_TITLE, changeText, figureAt } from '../../utils/report-labels';
import { PRESETS, periodLength, presetPeriod, type PresetKey } from '../../utils/report-period';
import { GATED, loadGated, staffDataPage } from '../../utils/roles';

type Report = OutputOf<Contract['admin']['report']>;
interface Row { label: string; now: number; before: number; change: string }
interface Section { key: string; title: string; rows: Row[] }

const CHART_COLORS = ['#1989fa', '#ee0a24', '#07c160', '#ff976a'];
const SERIES_KEYS = Object.keys(SERIES_LABELS) as (keyof typeof SERIES_LABELS)[];

/** The page's sections: each figure with the previous period's and the change. */
export function reportSections(r: Report): Section[] {
  return REPORT_SECTIONS.map((s) => ({
    key: s.key,
    title: s.title,
    rows: s.rows.map(([path, label]) => {
      const now = figureAt(r.current[s.key] as unknown as Record<string, unknown>, path);
      const before = figureAt(r.before[s.key] as unknown as Record<string, unknown>, path);
      return { label, now, before, change: changeText(now, before) };
    }),
  }));
}

/** The period's lists as cells: top events by attendance, and each prize's redemptions. */
export function reportLists(r: Report) {
  return {
    topTitle: TOP_EVENTS_TITLE,
    top: r.current.events.top.map((e) => ({
      id: e.eventId, title: e.title, value: `签到 ${e.attended}`,
      label: `${EVENT_KIND_TEXT[e.kind] ?? e.kind} · ${e.day} · 名额 ${e.capacity} · 报名 ${e.signups}`,
    })),
    prizeTitle: BY_PRIZE_TITLE,
    prizes: r.current.prizes.byPrize.map((p) => ({ id: p.prizeId, title: p.name, value: `兑换 ${p.redeemed} · 领取 ${p.collected}` })),
  };
}

/** The chart's data: categories (day of month, or month) and one line per headline figure. */
export function chartData(r: Report) {
  const byMonth = r.series.length > 0 && r.series[0].date.length === 7;
  return {
    categories: r.series.map((p) => (byMonth ? `${Number(p.date.slice(5, 7))}月` : String(Number(p.date.slice(8, 10))))),
    series: SERIES_KEYS.map((k, i) => ({ name: SERIES_LABELS[k], data: r.series.map((p) => p[k]), color: CHART_COLORS[i] })),
  };
}

const isEmpty = (r: Report) => r.series.every((p) => !p.issued && !p.spent && !p.checkins && !p.attended)
  && reportSections(r).every((s) => s.rows.every((row) => !row.now));

Component({
  behaviors: [staffDataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    presets: PRESETS,
    preset: 'month' as PresetKey | 'custom',
    from: '',
    to: '',
    periodText: '',
    previousText: '',
    sections: [] as Section[],
    lists: null as ReturnType<typeof reportLists> | null,
    empty: false,
    chart: null as ReturnType<typeof chartData> | null,
    chartDrawn: false,
    exporting: false,
  },
  lifetimes: {
    attached() {
      this.setData(presetPeriod('month'));
    },
  },
  methods: {
    // Back from the opened Excel file: nothing to reload.
    onShow() {},
    async load() {
      const { from, to } = this.data;
      const r = await loadGated(this, 'allowed', () => api.admin.report({ from, to }, GATED), (d) => ({
        periodText: `${d.period.from} 至 ${d.period.to}`,
        previousText: `上期 ${d.previous.from} 至 ${d.previous.to}`,
        sections: reportSections(d),
        lists: reportLists(d),
        empty: isEmpty(d),
        chart: chartData(d),
        chartDrawn: false,
      }));
      if (r && !this.data.empty) this.drawChart();
    },
    onPreset(e: WechatMiniprogram.TouchEvent) {
      const key = e.currentTarget.dataset.key as PresetKey | 'custom';
      if (key === 'custom') return this.setData({ preset: key });
      this.setData({ preset: key, ...presetPeriod(key) });
      void this.load();
    },
    onFrom(e: DetailEvent<{ value: string }>) {
      this.setData({ from: e.detail.value });
    },
    onTo(e: DetailEvent<{ value: string }>) {
      this.setData({ to: e.detail.value });
    },
    onCustomApply() {
      const { from, to } = this.data;
      if (!from || !to) return toast('请选择开始和结束日期');
      if (from > to) return toast('开始日期不能晚于结束日期');
      if (periodLength({ from, to }) > 366) return toast('一次最多统计 366 天');
      void this.load();
    },
    /** Draws the trend with uCharts on a canvas 2d node (absent in the simulator: then nothing is drawn). */
    drawChart() {
      const chart = this.data.chart;
      if (!chart) return;
      let query: WechatMiniprogram.SelectorQuery;
      try {
        query = wx.createSelectorQuery().in(this);
      } catch {
        return; // no layout here (the page-test simulator): the chart data is on the page
      }
      query.select('#trend').fields({ node: true, size: true }).exec((res) => {
        const hit = res?.[0] as { node?: WechatMiniprogram.Canvas; width: number; height: number } | null;
        if (!hit?.node || !hit.width) return;
        const ratio = wx.getSystemInfoSync?.().pixelRatio ?? 1;
        const canvas = hit.node;
        canvas.width = hit.width * ratio;
        canvas.height = hit.height * ratio;
        new UCharts({
          type: 'line', context: canvas.getContext('2d'), width: hit.width * ratio, height: hit.height * ratio, pixelRatio: ratio,
          categories: chart.categories, series: chart.series, animation: false, background: '#FFFFFF', fontSize: 11, dataPointShape: false,
          padding: [12, 12, 4, 4], legend: { show: true }, dataLabel: false,
          xAxis: { disableGrid: true, labelCount: 8 }, yAxis: { gridType: 'dash' }, extra: { line: { type: 'straight', width: 2 } },
        });
        this.setData({ chartDrawn: true });
      });
    },
    async onExport() {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      try {
        const { from, to } = this.data;
        const res = await api.admin.exportReport({ from, to }, { loading: '正在生成' });
        if (!res.ok) return;
        wx.showLoading({ title: '正在下载', mask: true });
        const file = await new Promise<WechatMiniprogram.DownloadFileSuccessCallbackResult>((resolve, reject) =>
          wx.downloadFile({ url: res.data.url, success: resolve, fail: reject }));
        wx.hideLoading();
        if (file.statusCode !== 200) return toast('下载失败，请重试');
        await new Promise((resolve, reject) => wx.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true, success: resolve, fail: reject }));
      } catch {
        wx.hideLoading();
        toast('文件打开失败，请重试');
      } finally {
        this.setData({ exporting: false });
      }
    },
  },
});
