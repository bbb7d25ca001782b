// A text page from inbox.content: 常见问题 (?key=faq), 注册成为读者 (register), 还书指南 (returnGuide).
import { api } from '../../api/index';
import type { z } from 'zod';
import type { contentKey } from '../../contract/inbox';
import { loadInto, refreshAfter } from '../../utils/page';

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
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    async load() {
      const content = () => api.inbox.content({ key: this.data.key }, { loading: false });
      const d = await loadInto(this, content, ({ content: { title, sections } }) => {
        const items = sections.map((s, i) => ({ name: String(i), title: s.title, body: s.body }));
        const active = items.length <= OPEN_ALL_UP_TO ? items.map((s) => s.name) : [];
        return { title, sections: items, active };
      }, this.data.sections.length > 0);
      if (d?.content.title) wx.setNavigationBarTitle({ title: d.content.title });
    },
    onCollapse(e: DetailEvent<string[]>) {
      this.setData({ active: e.detail });
    },
    goFeedback() {
      wx.navigateTo({ url: '/pages/feedback/feedback' });
    },
  },
});
