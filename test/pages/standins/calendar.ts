// Stand-in for van-calendar: same tag, properties and events (select / unselect / confirm),
// days kept as timestamps because the simulator's setData turns Date objects into {}.
/* eslint-disable @typescript-eslint/no-explicit-any */

interface Day {
  time: number;
  text: string | number;
  type: string;
  topInfo?: string;
  bottomInfo?: string;
  className?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const startOfDay = (t: number) => {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
};

const template = `
<view wx:if="{{visible}}" class="van-calendar">
  <view wx:if="{{showTitle}}" class="van-calendar__header-title">{{title}}</view>
  <view wx:for="{{months}}" wx:for-item="month" wx:key="title" class="van-calendar__month">
    <view class="van-calendar__month-title">{{month.title}}</view>
    <view wx:for="{{month.days}}" wx:for-item="day" wx:key="time" class="van-calendar__day {{day.type}} {{day.className}}" data-time="{{day.time}}" bindtap="onClickDay"><view wx:if="{{day.topInfo}}" class="van-calendar__top-info">{{day.topInfo}}</view><view class="van-calendar__day-text">{{day.text}}</view><view wx:if="{{day.bottomInfo}}" class="van-calendar__bottom-info">{{day.bottomInfo}}</view></view>
  </view>
  <view wx:if="{{showConfirm}}" class="van-calendar__confirm" bindtap="onConfirm">{{confirmText}}</view>
</view>`;

export const calendar = {
  template,
  properties: {
    title: { type: String, value: '日期选择' },
    show: Boolean,
    poppable: { type: Boolean, value: true },
    type: { type: String, value: 'single' },
    minDate: { type: null, value: startOfDay(Date.now()) },
    maxDate: { type: null, value: startOfDay(Date.now()) + 180 * DAY_MS },
    defaultDate: null,
    showConfirm: { type: Boolean, value: true },
    showTitle: { type: Boolean, value: true },
    confirmText: { type: String, value: '确定' },
    readonly: Boolean,
    allowSameDay: Boolean,
    formatter: null,
  },
  data: { visible: false, months: [] as Array<{ title: string; days: Day[] }>, selected: [] as number[] },
  observers: {
    'show, poppable, minDate, maxDate, type, formatter': function (this: any) {
      this.refresh();
    },
    defaultDate(this: any, value: unknown) {
      this.setData({ selected: this.normalise(value) });
      this.refresh();
    },
  },
  lifetimes: {
    attached(this: any) {
      this.setData({ selected: this.normalise(this.data.defaultDate) });
      this.refresh();
    },
  },
  methods: {
    normalise(this: any, value: unknown): number[] {
      const list = Array.isArray(value) ? value : value == null ? [] : [value];
      return list.filter((v) => v != null).map((v) => startOfDay(new Date(v as any).getTime()));
    },
    dayType(this: any, time: number): string {
      const { selected, type } = this.data;
      if (type === 'range') {
        const [start, end] = selected;
        if (time === start) return 'start';
        if (time === end) return 'end';
        return start && end && time > start && time < end ? 'middle' : '';
      }
      return selected.includes(time) ? 'selected' : '';
    },
    refresh(this: any) {
      const visible = !this.data.poppable || this.data.show;
      const months: Array<{ title: string; days: Day[] }> = [];
      if (visible) {
        const min = startOfDay(new Date(this.data.minDate).getTime());
        const max = startOfDay(new Date(this.data.maxDate).getTime());
        for (let t = min; t <= max; t = startOfDay(t + DAY_MS + 3600 * 1000)) {
          const d = new Date(t);
          const title = `${d.getFullYear()}年${d.getMonth() + 1}月`;
          if (months.at(-1)?.title !== title) months.push({ title, days: [] });
          let day: any = { date: d, day: d.getDate(), text: d.getDate(), type: this.dayType(t) };
          if (typeof this.data.formatter === 'function') day = this.data.formatter(day) ?? day;
          months.at(-1)!.days.push({
            time: t,
            text: day.text,
            type: day.type,
            topInfo: day.topInfo,
            bottomInfo: day.bottomInfo,
            className: day.className ?? '',
          });
        }
      }
      this.setData({ visible, months });
    },
    onClickDay(this: any, event: any) {
      if (this.data.readonly) return;
      const time = Number(event.currentTarget.dataset.time);
      const { type, selected } = this.data;
      if (type === 'range') {
        const [start, end] = selected;
        if (start && !end && (time > start || (time === start && this.data.allowSameDay))) {
          this.choose([start, time], true);
        } else {
          this.choose([time], false);
        }
      } else if (type === 'multiple') {
        if (selected.includes(time)) {
          this.setData({ selected: selected.filter((t: number) => t !== time) });
          this.triggerEvent('unselect', new Date(time));
          this.refresh();
        } else {
          this.choose([...selected, time], false);
        }
      } else {
        this.choose([time], true);
      }
    },
    choose(this: any, times: number[], complete: boolean) {
      this.setData({ selected: times });
      this.refresh();
      this.triggerEvent('select', this.value(times));
      if (complete && !this.data.showConfirm) this.onConfirm();
    },
    value(this: any, times: number[]) {
      const dates = times.map((t) => new Date(t));
      if (this.data.type === 'range') return [dates[0] ?? null, dates[1] ?? null];
      return this.data.type === 'multiple' ? dates : dates[0];
    },
    onConfirm(this: any) {
      this.triggerEvent('confirm', this.value(this.data.selected));
    },
  },
};
