// 活动签到码: pick an event, then its check-in QR full screen; it renews itself before it goes
// stale (attendanceToken's refreshInSeconds) and shows the countdown.
import { api } from '../../api/index';
import { eventPicker } from '../event-picker';
import { eventTimeText, type EventRow } from '../../utils/events';
import { qrDataUrl } from '../../utils/qr';
import { startCountdown, stopCountdown } from '../../utils/sms-countdown';

// One renewal timer per open page (kept out of data: not view state).
const renewals = new WeakMap<object, ReturnType<typeof setTimeout>>();

/** The code screen keeps the phone awake while it shows; leaving it lets the screen sleep again. */
function keepScreenOn(on: boolean): void {
  if (typeof wx.setKeepScreenOn === 'function') wx.setKeepScreenOn({ keepScreenOn: on });
}

function stopRenewal(page: object): void {
  const timer = renewals.get(page);
  if (timer !== undefined) clearTimeout(timer);
  renewals.delete(page);
  stopCountdown(page);
}

Component({
  behaviors: [eventPicker({ includeEnded: false })],
  data: {
    loading: true,
    error: '',
    isStaff: false,
    events: [] as EventRow[],
    eventId: '',
    title: '',
    timeText: '',
    place: '',
    /** The QR's text (what a patron's scan reads) and its image. */
    token: '',
    qr: '',
    countdown: 0,
    /** Why no code can be shown now (e.g. outside the check-in window). */
    message: '',
  },
  lifetimes: {
    detached() {
      stopRenewal(this);
      keepScreenOn(false);
    },
  },
  methods: {
    onUnload() {
      stopRenewal(this);
      keepScreenOn(false);
    },
    reload() {
      return this.renew();
    },
    async open(eventId: string) {
      this.setData({ eventId, token: '', qr: '', message: '' });
      keepScreenOn(true);
      await this.renew();
    },
    /** Fetches the current code and schedules the next renewal. */
    async renew() {
      stopRenewal(this);
      const { eventId } = this.data;
      if (!eventId) return;
      const res = await api.events.attendanceToken({ eventId }, { loading: this.data.token ? false : '生成中', silent: true });
      if (eventId !== this.data.eventId) return; // another event was picked meanwhile
      // Staff-gated: opened by ?eventId= this is the page's only call (FORBIDDEN: not staff).
      if (!res.ok && res.error.code === 'FORBIDDEN') {
        this.setData({ loading: false, isStaff: false });
        return;
      }
      if (!res.ok) {
        this.setData({ loading: false, isStaff: true, token: '', qr: '', message: res.error.message });
        return;
      }
      const { token, refreshInSeconds, event } = res.data;
      this.setData({
        loading: false,
        isStaff: true,
        token,
        qr: qrDataUrl(token),
        message: '',
        title: event.title,
        place: event.place,
        timeText: eventTimeText(event.startAt, event.endAt),
      });
      const seconds = Math.max(1, refreshInSeconds);
      startCountdown(this, seconds);
      renewals.set(this, setTimeout(() => void this.renew(), seconds * 1000));
    },
    onBack() {
      stopRenewal(this);
      keepScreenOn(false);
      this.setData({ eventId: '', token: '', qr: '', message: '' });
      this.showList();
    },
  },
});
