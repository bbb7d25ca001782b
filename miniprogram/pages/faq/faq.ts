// A text page from inbox.content: 常见问题 (?key=faq), 注册成为读者 (register), 还书指南 (returnGuide).
import { api } from '../../api/index';
import type { z } from 'zod';
import type { contentKey } from '../../contract/inbox';

type ContentKey = z.infer<typeof contentKey>;

const KEYS: ContentKey[] = ['faq', 'register', 'returnGuide', 'rules', 'pickup'];
/** Short guides open fully; long lists (the FAQ) start folded. */
const OPEN_ALL_UP_TO = 3;

interface Section {
  name: string;
  title: string;
  body: string;
}

Component({
  data: {
    key: 'faq' as ContentKey,
    loading: true,
    error: '',
    title: '',
    sections: [] as Section[],
    active: [] as string[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const key = KEYS.find((k) => k === query.key) ?? 'faq';
      this.setData({ key });
      this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      this.setData({ loading: !this.data.sections.length, error: '' });
      const res = await api.inbox.content({ key: this.data.key }, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message });
        return;
      }
      const { title, sections } = res.data.content;
      const items = sections.map((s, i) => ({ name: String(i), title: s.title, body: s.body }));
      const active = items.length <= OPEN_ALL_UP_TO ? items.map((s) => s.name) : [];
      this.setData({ loading: false, title, sections: items, active });
      if (title) wx.setNavigationBarTitle({ title });
    },
    onCollapse(e: DetailEvent<string[]>) {
      this.setData({ active: e.detail });
    },
    goFeedback() {
      wx.navigateTo({ url: '/pages/feedback/feedback' });
    },
  },
});
