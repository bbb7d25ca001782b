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
