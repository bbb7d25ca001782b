// The skeleton that data pages repeat (STYLE.md): onLoad → load(); back on the page → a quiet
// reload once something was shown (data.loaded, kept by loadInto); pull-down → load(). The page
// brings its data and load(); its own onLoad/onShow, if any, replace these.
import { refreshAfter } from './page';

interface Loads {
  data: { loaded?: boolean };
  load(): Promise<unknown>;
}

const self = (page: unknown) => page as Loads;

export const dataPage = Behavior({
  methods: {
    onLoad() {
      void self(this).load();
    },
    onShow() {
      if (self(this).data.loaded) void self(this).load();
    },
    onPullDownRefresh() {
      return refreshAfter(self(this).load());
    },
  },
});
