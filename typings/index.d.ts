/// <reference types="miniprogram-api-typings" />

/** What app.ts keeps for every page (read with `getApp<IAppOption>()`). */
interface IAppGlobalData {
  /** Reader card the patron is currently acting on; null until one is bound. */
  currentCardNo: string | null;
  /** Whether the current WeChat user holds a staff role (unlocks the staff subpackage). */
  isStaff: boolean;
}

interface IAppOption {
  globalData: IAppGlobalData;
}

/**
 * An event from a component whose detail is not an object (van-field `change` gives a string,
 * van-stepper a number), which WechatMiniprogram.CustomEvent does not allow.
 */
type DetailEvent<Detail> = WechatMiniprogram.BaseEvent & { detail: Detail };
