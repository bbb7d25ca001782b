// The one list of vant components replaced in page tests, each with why. A stand-in is a thin
// component with the same tag, properties and events pages rely on; it renders its text so
// tests can read and tap it. Pages and DevTools always use the real component.
import { calendar } from './standins/calendar';

export interface StandIn {
  reason: string;
  /** A simulator definition (template in j-component's wxml dialect; data must survive setData). */
  definition: Record<string, unknown> & { template: string };
}

export const standIns: Record<string, StandIn> = {
  'van-calendar': {
    reason:
      "renders, but the simulator's setData deep copy turns Date objects into {}, so tapping a " +
      'day emits an Invalid Date; month titles also need layout (SelectorQuery) the simulator lacks',
    definition: calendar,
  },
};

/**
 * Built-in tags the simulator renders as empty stubs (their attributes are dropped) that tests
 * need to read. Pages and WeChat use the real built-in.
 */
export const builtinStandIns: Record<string, StandIn> = {
  'page-meta': {
    reason: "keeps root-font-size (WeChat's font-size setting reaches pages through it, issue 25), page-style and page-font-size",
    definition: {
      template: '<slot/>',
      properties: { rootFontSize: { type: String, value: '' }, pageStyle: { type: String, value: '' }, pageFontSize: { type: String, value: '' } },
    },
  },
};

// Not stand-ins: every other vant component pages use renders and emits its events in the
// simulator (see smoke.test.ts). There is no van-badge in @vant/weapp: use van-info, or the
// info/dot properties of van-icon, van-grid-item, van-tab.
