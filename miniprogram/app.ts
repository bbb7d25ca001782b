import { initCloud } from './api/client';

App<IAppOption>({
  globalData: {
    currentCardNo: null,
    isStaff: false,
  },
  onLaunch() {
    initCloud();
  },
});
