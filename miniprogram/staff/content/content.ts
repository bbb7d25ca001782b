// 常见问题 / 还书指南 / 注册指引 (admins): edit the sections (title + text), their order, add and
// remove; saving is content-security checked by the function. 领取说明 comes from the rules.
import { api } from '../../api/index';
import { toast } from '../../utils/page';
import { GATED, loadGated, staffDataPage } from '../../utils/roles';

type Key = 'faq' | 'returnGuide' | 'register';
interface Section { title: string; body: string }

const KEYS: { key: Key; title: string }[] = [
  { key: 'faq', title: '常见问题' },
  { key: 'returnGuide', title: '还书指南' },
  { key: 'register', title: '注册指引' },
];

Component({
  behaviors: [staffDataPage],
  data: {
    loading: true,
    error: '',
    keys: KEYS,
    key: 'faq' as Key,
    title: '',
    sections: [] as Section[],
    saving: false,
  },
  methods: {
    onLoad(query: { key?: Key }) {
      if (query?.key && KEYS.some((k) => k.key === query.key)) this.setData({ key: query.key });
      void this.init();
    },
    /** Back on the page: nothing reloads, so unsaved edits stay. */
    onShow() {},
    async load() {
      await loadGated(this, 'allowed', () => api.admin.contentEditor({ key: this.data.key }, GATED), (d) => ({
        title: d.content.title, sections: d.content.sections.map((s) => ({ title: s.title, body: s.body })),
      }), false);
    },
    onKey(e: DetailEvent<{ name: Key }>) {
      this.setData({ key: e.detail.name });
      void this.load();
    },
    onTitle(e: DetailEvent<string>) {
      this.setData({ title: e.detail });
    },
    onSection(e: DetailEvent<string>) {
      const { index, field } = e.currentTarget.dataset as { index: number; field: 'title' | 'body' };
      this.setData({ [`sections[${Number(index)}].${field}`]: e.detail });
    },
    onAdd() {
      this.setData({ sections: [...this.data.sections, { title: '', body: '' }] });
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ sections: this.data.sections.filter((_, i) => i !== index) });
    },
    onUp(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      if (index <= 0) return;
      const sections = [...this.data.sections];
      [sections[index - 1], sections[index]] = [sections[index], sections[index - 1]];
      this.setData({ sections });
    },
    async onSave() {
      if (this.data.saving) return;
      const sections = this.data.sections.map((s) => ({ title: s.title.trim(), body: s.body.trim() }));
      if (!this.data.title.trim()) return toast('请填写页面标题');
      if (!sections.length) return toast('至少保留一条');
      if (sections.some((s) => !s.title || !s.body)) return toast('每一条都要有标题和内容');
      this.setData({ saving: true });
      const res = await api.admin.setContent({ key: this.data.key, title: this.data.title.trim(), sections }, { loading: '保存中' });
      this.setData({ saving: false });
      if (res.ok) wx.showToast({ icon: 'success', title: '已保存，读者即可看到' });
    },
  },
});
