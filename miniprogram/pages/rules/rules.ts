// 积分规则: the text generated from the rules in force, its version, and where/when to collect prizes.
import { api } from '../../api/index';

interface Section {
  title: string;
  body: string;
}

Component({
  data: {
    loading: true,
    error: '',
    version: 0,
    sections: [] as Section[],
    pickup: [] as Section[],
  },
  methods: {
    onLoad() {
      this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      this.setData({ loading: !this.data.sections.length, error: '' });
      const quiet = { loading: false } as const;
      const [rules, pickup, config] = await Promise.all([
        api.inbox.content({ key: 'rules' }, quiet),
        api.inbox.content({ key: 'pickup' }, quiet),
        api.points.rules({}, quiet),
      ]);
      if (!rules.ok || !pickup.ok || !config.ok) {
        const error = [rules, pickup, config].map((r) => (r.ok ? '' : r.error.message)).find(Boolean);
        this.setData({ loading: false, error: error || '加载失败' });
        return;
      }
      this.setData({
        loading: false,
        version: config.data.rules.version,
        sections: rules.data.content.sections,
        pickup: pickup.data.content.sections,
      });
    },
  },
});
