// 我的活动: every sign-up of my cards with its status, seats, members and points; volunteer hours.
import { api } from '../../api/index';
import { eventTimeText, KIND_TEXT, signupText, VOLUNTEER_STATUS_TEXT, type SignupText } from '../../utils/events';
import { maskCardNo } from '../../utils/mask';
import { dataPage } from '../../utils/data-page';
import { loadInto } from '../../utils/page';

interface Row extends SignupText {
  signupId: string;
  eventId: string;
  title: string;
  kindText: string;
  timeText: string;
  place: string;
  cardText: string;
  seats: number;
  awarded: number;
  hours: number | null;
}

Component({
  behaviors: [dataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    rows: [] as Row[],
    totalPoints: 0,
    serviceHours: 0,
    volunteerText: '',
  },
  methods: {
    async load() {
      await loadInto(this, () => api.events.mine({}, { loading: false }), (d) => ({
        rows: d.signups.map((s): Row => ({
          ...signupText(s),
          signupId: s.signupId,
          eventId: s.eventId,
          title: s.title,
          kindText: KIND_TEXT[s.kind],
          timeText: eventTimeText(s.startAt, s.endAt),
          place: s.place,
          cardText: maskCardNo(s.cardNo),
          seats: s.seats,
          awarded: s.awarded,
          hours: s.hours,
        })),
        totalPoints: d.signups.reduce((sum, s) => sum + s.awarded, 0),
        serviceHours: d.volunteer.serviceHours,
        volunteerText: VOLUNTEER_STATUS_TEXT[d.volunteer.status],
      }));
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/events/detail/detail?eventId=${e.currentTarget.dataset.id}` });
    },
    onEvents() {
      wx.navigateTo({ url: '/events/list/list' });
    },
    onVolunteer() {
      wx.navigateTo({ url: '/events/volunteer/volunteer' });
    },
  },
});
