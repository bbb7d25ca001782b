// 积分规则 (admins): every configurable number with its meaning and unit, the pickup place and
// hours; saving makes a new rules version (the function validates); the history below.
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { formatTime, toast } from '../../utils/page';
import { GATED, loadGated, staffDataPage } from '../../utils/roles';
import { RULE_FIELDS, ruleLabel } from '../../utils/rule-fields';

type Rules = OutputOf<Contract['points']['rules']>['rules'];
type Version = OutputOf<Contract['admin']['rulesHistory']>['versions'][number];
interface FieldRow { key: string; label: string; unit: string; group: string; value: string }
interface WindowRow { days: string; from: string; to: string }

const DAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'];

function fieldRows(rules: Rules): FieldRow[] {
  const r = rules as unknown as Record<string, unknown>;
  return RULE_FIELDS.filter((f) => typeof r[f.key] === 'number').map((f) => ({ ...f, value: String(r[f.key]) }));
}

function windowRows(rules: Rules): WindowRow[] {
  return rules.pickupWindows.map((w) => ({ days: w.weekdays.map((d) => `周${DAY_NAMES[d]}`).join('、'), from: w.from, to: w.to }));
}

function historyView(v: Version) {
  return {
    version: v.version, by: v.changedBy, at: formatTime(v.changedAt),
    changes: v.changes.map((c) => `${ruleLabel(c.key)}：${c.from} → ${c.to}`),
  };
}

/** The editor from the rules in force and their history (rulesEditor's or setRules' answer). */
function editorData(d: { rules: Rules; versions: Version[] }) {
  return {
    rules: d.rules,
    version: d.rules.version, fields: fieldRows(d.rules), windows: windowRows(d.rules), pickupPlace: d.rules.pickupPlace,
    history: d.versions.map(historyView), historyError: '',
  };
}

Component({
  behaviors: [staffDataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    version: 0,
    fields: [] as FieldRow[],
    windows: [] as WindowRow[],
    pickupPlace: '',
    history: [] as ReturnType<typeof historyView>[],
    /** Why the history could not be read (shown in its own section; the editor stays). */
    historyError: '',
    saving: false,
    rules: null as Rules | null,
  },
  methods: {
    /** The form from the rules in force, and the history beside it (one call: admin.rulesEditor). */
    async load() {
      await loadGated(this, 'allowed', () => api.admin.rulesEditor({}, GATED), editorData);
    },
    async loadHistory() {
      const res = await api.admin.rulesHistory({}, { loading: false, silent: true });
      this.setData(res.ok ? { history: res.data.versions.map(historyView), historyError: '' } : { historyError: res.error.message });
    },
    /** Back on the page (e.g. from another app): the form keeps unsaved edits; only the history is read again. */
    onShow() {
      if (this.data.allowed && this.data.loaded) void this.loadHistory();
    },
    onField(e: DetailEvent<string>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`fields[${index}].value`]: e.detail });
    },
    onWindow(e: DetailEvent<string>) {
      const { index, end } = e.currentTarget.dataset as { index: number; end: 'from' | 'to' };
      this.setData({ [`windows[${Number(index)}].${end}`]: e.detail.trim() });
    },
    onPlace(e: DetailEvent<string>) {
      this.setData({ pickupPlace: e.detail });
    },
    /** Only what differs from the rules in force is sent. */
    changes(): Record<string, unknown> | null {
      const rules = this.data.rules as unknown as Record<string, unknown> | null;
      if (!rules) return null;
      const change: Record<string, unknown> = {};
      for (const f of this.data.fields) {
        if (!/^\d+$/.test(f.value.trim())) {
          toast(`${f.label}须为不小于 0 的整数`);
          return null;
        }
        if (Number(f.value) !== rules[f.key]) change[f.key] = Number(f.value);
      }
      const current = (this.data.rules as Rules).pickupWindows;
      const windows = current.map((w, i) => ({ ...w, from: this.data.windows[i].from, to: this.data.windows[i].to }));
      if (JSON.stringify(windows) !== JSON.stringify(current)) change.pickupWindows = windows;
      if (this.data.pickupPlace.trim() !== rules.pickupPlace) change.pickupPlace = this.data.pickupPlace.trim();
      return change;
    },
    async onSave() {
      if (this.data.saving) return;
      const change = this.changes();
      if (!change) return;
      if (!Object.keys(change).length) return toast('没有修改');
      this.setData({ saving: true });
      const res = await api.admin.setRules({ rules: change }, { loading: '保存中' });
      this.setData({ saving: false });
      if (!res.ok) return;
      // One call: the answer is the editor's new state (the rules in force and the history).
      this.setData(editorData(res.data));
      wx.showToast({ icon: 'success', title: `已生效：第 ${res.data.rules.version} 版` });
    },
  },
});
