// 奖品管理 (admins): the catalogue, and a form to create or edit a prize.
import { api } from '../../api/index';
import { newRequestId } from '../../api/client';
import type { Contract, OutputOf } from '../../contract/index';
import { wholeNumber } from '../../utils/form';
import { refreshAfter } from '../../utils/page';
import { GATED, loadGated } from '../../utils/roles';

interface Row {
  prizeId: string;
  name: string;
  description: string;
  cost: number;
  stock: number;
  active: boolean;
}

type PrizeAdminView = OutputOf<Contract['admin']['listPrizes']>['prizes'][number];

/** The list's rows (listPrizes' answer, or upsertPrize's list after a save). */
function rows(prizes: PrizeAdminView[]): Row[] {
  return prizes.map((p) => ({ prizeId: p.prizeId, name: p.name, description: p.description, cost: p.cost, stock: p.stock, active: p.active }));
}

interface Form {
  prizeId: string;
  name: string;
  cost: string;
  stock: string;
  description: string;
  active: boolean;
  /** The stock shown when editing began: the server applies the difference (null: new prize). */
  stockSeen: number | null;
}

type FormErrors = Partial<Record<'name' | 'cost' | 'stock' | 'description', string>>;

/** The largest cost or stock a prize may have. */
const MAX_NUMBER = 1_000_000;

const BLANK: Form = { prizeId: '', name: '', cost: '', stock: '', description: '', active: true, stockSeen: null };

Component({
  data: {
    loading: true,
    error: '',
    isAdmin: false,
    loaded: false,
    prizes: [] as Row[],
    editing: false,
    form: { ...BLANK } as Form,
    errors: {} as FormErrors,
    saving: false,
    /** Kept after a transport failure so saving again cannot create the prize twice. */
    pendingRequestId: '',
  },
  methods: {
    onLoad() {
      void this.init();
    },
    init() {
      return this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.data.isAdmin ? this.load() : Promise.resolve());
    },
    async load() {
      // Every prize, including those off the shelf (the patrons' catalogue lists only active ones).
      await loadGated(this, 'isAdmin', () => api.admin.listPrizes({}, GATED), (d) => ({ prizes: rows(d.prizes) }));
    },
    onCreate() {
      this.setData({ editing: true, form: { ...BLANK }, errors: {}, pendingRequestId: '' });
    },
    onEdit(e: WechatMiniprogram.BaseEvent) {
      const row = this.data.prizes.find((p) => p.prizeId === e.currentTarget.dataset.id);
      if (!row) return;
      this.setData({
        editing: true,
        errors: {},
        pendingRequestId: '',
        form: { prizeId: row.prizeId, name: row.name, cost: String(row.cost), stock: String(row.stock), description: row.description, active: row.active, stockSeen: row.stock },
      });
    },
    onCancel() {
      this.setData({ editing: false, errors: {} });
    },
    onField(e: DetailEvent<string> & { currentTarget: { dataset: { key?: string } } }) {
      const key = e.currentTarget.dataset.key;
      if (key) this.setData({ [`form.${key}`]: e.detail, [`errors.${key}`]: '' });
    },
    onActive(e: DetailEvent<boolean>) {
      this.setData({ 'form.active': e.detail });
    },
    validate(): { name: string; cost: number; stock: number; description: string } | null {
      const f = this.data.form;
      const name = f.name.trim();
      const description = f.description.trim();
      const cost = wholeNumber(f.cost, 1, MAX_NUMBER);
      const stock = wholeNumber(f.stock, 0, MAX_NUMBER);
      const errors: FormErrors = {};
      if (!name) errors.name = '请输入奖品名称';
      else if (name.length > 50) errors.name = '名称最多50个字';
      if (cost === null) errors.cost = '积分为1至1000000的整数';
      if (stock === null) errors.stock = '库存为0至1000000的整数';
      if (description.length > 500) errors.description = '说明最多500个字';
      this.setData({ errors });
      if (cost === null || stock === null || Object.keys(errors).length) return null;
      return { name, cost, stock, description };
    },
    async onSave() {
      if (this.data.saving) return;
      const valid = this.validate();
      if (!valid) return;
      const { prizeId, active, stockSeen } = this.data.form;
      const requestId = this.data.pendingRequestId || newRequestId();
      this.setData({ saving: true, pendingRequestId: requestId });
      // With stockSeen the server applies the difference: units redeemed while the admin typed
      // are not put back on the shelf.
      const res = await api.admin.upsertPrize({
        ...valid, active, ...(prizeId ? { prizeId } : {}), ...(stockSeen !== null ? { stockSeen } : {}), requestId,
      });
      if (!res.ok) {
        this.setData({ saving: false, pendingRequestId: res.error.code === 'NETWORK' ? requestId : '' });
        return;
      }
      // One call: the answer brings the list after the save (its order is the server's).
      this.setData({ saving: false, pendingRequestId: '', editing: false, prizes: rows(res.data.prizes) });
      wx.showToast({ icon: 'success', title: prizeId ? '已保存' : '已新增' });
    },
  },
});
