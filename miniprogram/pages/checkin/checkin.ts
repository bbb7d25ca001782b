// 签到打卡: the month's checked days, the streak, one check-in a day.
import { api } from '../../api/index';
import { formatDate } from '../../utils/time';
import { goBindCard, loadInto, noCardAsNull, refreshAfter } from '../../utils/page';

interface Cell {
  key: string;
  day: number | null;
  checked: boolean;
  today: boolean;
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** 7-column grid of a 'YYYY-MM' month, Sunday first, blanks before the 1st. */
function buildGrid(month: string, checked: number[], today: string): Cell[] {
  const [y, m] = month.split('-').map(Number);
  const lead = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const set = new Set(checked);
  const cells: Cell[] = [];
  for (let i = 0; i < lead; i++) cells.push({ key: `b${i}`, day: null, checked: false, today: false });
  for (let day = 1; day <= count; day++) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    cells.push({ key: `d${day}`, day, checked: set.has(day), today: date === today });
  }
  return cells;
}

Component({
  data: {
    loading: true,
    error: '',
    noCard: false,
    month: '',
    monthTitle: '',
    isCurrentMonth: true,
    weekdays: WEEKDAYS,
    cells: [] as Cell[],
    checkedCount: 0,
    streak: 0,
    checkedInToday: false,
    nextAward: 0,
    lastAward: 0,
    submitting: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load(this.data.month || undefined, true));
    },

    /** Loads a month (default: this month). A refresh keeps the grid on screen. */
    async load(month?: string, refresh = false) {
      const calendar = () => noCardAsNull(api.points.calendar(month ? { month } : {}, { loading: false }));
      await loadInto(this, calendar, (d) => {
        if (!d) return { noCard: true };
        const today = formatDate(Date.now());
        const [y, m] = d.month.split('-').map(Number);
        return {
          noCard: false,
          month: d.month,
          monthTitle: `${y}年${m}月`,
          isCurrentMonth: d.month === today.slice(0, 7),
          cells: buildGrid(d.month, d.days, today),
          checkedCount: d.days.length,
          streak: d.streak,
          checkedInToday: d.checkedInToday,
          nextAward: d.nextAward,
        };
      }, refresh);
    },
    onRetry() {
      void this.load(this.data.month || undefined);
    },
    onPrevMonth() {
      void this.load(shiftMonth(this.data.month, -1), true);
    },
    onNextMonth() {
      if (!this.data.isCurrentMonth) void this.load(shiftMonth(this.data.month, 1), true);
    },

    async onCheckin() {
      if (this.data.checkedInToday || this.data.submitting) return;
      this.setData({ submitting: true });
      const res = await api.points.checkin({}, { loading: '签到中' });
      this.setData({ submitting: false });
      if (res.ok) {
        wx.showToast({ icon: 'success', title: `+${res.data.awarded} 积分` });
        this.setData({ lastAward: res.data.awarded, streak: res.data.streak, checkedInToday: true });
      } else if (res.error.code !== 'ALREADY_CHECKED_IN') {
        return; // the client showed the reason; nothing changed
      }
      // Checked in (now or earlier elsewhere): show today's mark and the next award.
      const thisMonth = formatDate(Date.now()).slice(0, 7);
      await this.load(thisMonth, true);
    },
    onBind() {
      goBindCard();
    },
  },
});
