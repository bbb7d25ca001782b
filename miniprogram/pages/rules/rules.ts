// 积分规则: the text generated from the rules in force, its version, and where/when to collect prizes.
import { api } from '../../api/index';
import { loadInto, refreshAfter } from '../../utils/page';

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
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    async load() {
      // One call: both texts and the version, from one read of the rules.
      await loadInto(this, () => api.inbox.rulesText({}, { loading: false }), (d) => ({
        version: d.version, sections: d.rules.sections, pickup: d.pickup.sections,
      }), this.data.sections.length > 0);
    },
  },
});
