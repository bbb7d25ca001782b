// 积分规则: the text generated from the rules in force, its version, and where/when to collect prizes.
import { api } from '../../api/index';
import { loadInto, refreshAfter } from '../../utils/page';

interface Section {
  title: string;
  body: string;
}

const QUIET = { loading: false } as const;

/** The rules text, the pickup text and the rules' version as one answer (or the first failure). */
async function fetchRules() {
  const [rules, pickup, config] = await Promise.all([
    api.inbox.content({ key: 'rules' }, QUIET),
    api.inbox.content({ key: 'pickup' }, QUIET),
    api.points.rules({}, QUIET),
  ]);
  if (!rules.ok) return rules;
  if (!pickup.ok) return pickup;
  if (!config.ok) return config;
  const data = { version: config.data.rules.version, sections: rules.data.content.sections, pickup: pickup.data.content.sections };
  return { ok: true as const, data };
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
      await loadInto(this, fetchRules, (d) => d, this.data.sections.length > 0);
    },
  },
});
