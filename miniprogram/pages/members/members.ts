// 成员管理: family members (name, relation) the patron can sign up for events with.
import { api } from '../../api/index';
import { loadInto, refreshAfter, toast } from '../../utils/page';

interface Member {
  memberId: string;
  name: string;
  relation: string;
}

const RELATIONS = ['配偶', '子女', '父母', '祖父母', '其他'];
const NAME_MAX = 30;

Component({
  data: {
    loading: true,
    error: '',
    members: [] as Member[],
    relations: RELATIONS,
    name: '',
    relation: '',
    adding: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    async load() {
      const profile = () => api.account.profile({}, { loading: false });
      await loadInto(this, profile, (d) => ({ members: d.members }), this.data.members.length > 0);
    },
    onName(e: DetailEvent<string>) {
      this.setData({ name: e.detail });
    },
    onRelation(e: DetailEvent<string>) {
      this.setData({ relation: e.detail });
    },
    async onAdd() {
      const name = this.data.name.trim();
      const { relation, adding } = this.data;
      if (adding) return;
      if (!name) return toast('请输入成员姓名');
      if (Array.from(name).length > NAME_MAX) return toast(`姓名不能超过${NAME_MAX}个字`);
      if (!relation) return toast('请选择与您的关系');
      this.setData({ adding: true });
      const res = await api.account.addMember({ name, relation });
      this.setData({ adding: false });
      if (!res.ok) return; // e.g. 家庭成员数量已达上限, shown by the client
      this.setData({ members: [...this.data.members, res.data.member], name: '', relation: '' });
      toast('已添加');
    },
    async onRemove(e: WechatMiniprogram.TouchEvent) {
      const member = this.data.members.find((m) => m.memberId === e.currentTarget.dataset.id);
      if (!member) return;
      const { confirm } = await wx.showModal({
        title: '删除成员',
        content: `确定删除${member.relation}“${member.name}”吗？删除后不能再为其报名活动。`,
        confirmText: '删除',
        confirmColor: '#ee0a24',
      });
      if (!confirm) return;
      const res = await api.account.removeMember({ memberId: member.memberId });
      // Already gone elsewhere: the list is stale either way, so drop it too.
      if (!res.ok && res.error.code !== 'MEMBER_NOT_FOUND') return;
      this.setData({ members: this.data.members.filter((m) => m.memberId !== member.memberId) });
      if (res.ok) toast('已删除');
    },
  },
});
