// 角色管理 (admins): who is staff or admin; grant by OPENID with a note, revoke (not the fixed
// admins of the deployment, never the last admin — the function says why).
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { toast } from '../../utils/page';
import { GATED, loadGated, staffDataPage } from '../../utils/roles';

type Holder = OutputOf<Contract['admin']['listRoles']>['roles'][number];
type Role = 'staff' | 'admin';

const ROLE_TEXT: Record<Role, string> = { staff: '工作人员', admin: '管理员' };

Component({
  behaviors: [staffDataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    holders: [] as Holder[],
    roleText: ROLE_TEXT,
    openid: '',
    note: '',
    role: 'staff' as Role,
    saving: false,
  },
  methods: {
    async load() {
      await loadGated(this, 'allowed', () => api.admin.listRoles({}, GATED), (d) => ({ holders: d.roles }));
    },
    onOpenid(e: DetailEvent<string>) {
      this.setData({ openid: e.detail });
    },
    onNote(e: DetailEvent<string>) {
      this.setData({ note: e.detail });
    },
    onRole(e: DetailEvent<Role>) {
      this.setData({ role: e.detail });
    },
    async onGrant() {
      const openid = this.data.openid.trim();
      if (!openid) return toast('请填写对方的 OPENID');
      if (this.data.saving) return;
      this.setData({ saving: true });
      const res = await api.admin.grantRole({ openid, role: this.data.role, note: this.data.note.trim() || undefined }, { loading: '保存中' });
      this.setData({ saving: false });
      if (!res.ok) return;
      wx.showToast({ icon: 'success', title: `已设为${ROLE_TEXT[this.data.role]}` });
      // One call per tap: the answer carries the list after the grant, as listRoles shows it.
      this.setData({ openid: '', note: '', holders: res.data.holders });
    },
    async onRevoke(e: WechatMiniprogram.TouchEvent) {
      const { holder, role, tail } = e.currentTarget.dataset as { holder: string; role: Role; tail: string };
      const sure = await wx.showModal({ title: '撤销角色', content: `撤销 ${tail} 的${ROLE_TEXT[role]}角色？下一次操作起生效。` });
      if (!sure.confirm) return;
      const res = await api.admin.revokeRole({ holderId: holder, role }, { loading: '撤销中' });
      if (!res.ok) return;
      wx.showToast({ icon: 'success', title: '已撤销' });
      this.setData({ holders: res.data.holders });
    },
  },
});
