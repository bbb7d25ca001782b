// What the desk's scan pages (扫码核销, 捐赠确认) share: the role check on load (their one call:
// the page has no data until a code is scanned), a code from the camera (QR) or typed, handed to
// the page's lookup(code). The page brings data (isStaff, input, busy) and lookup().
import { api } from '../api/index';
import { loadInto, toast } from './page';
import { staffFlags } from './roles';
import { scanText } from './scan';

interface DeskPage {
  data: { input: string; busy: boolean; loading: boolean; error: string };
  setData(patch: object): void;
  lookup(code: string): Promise<void>;
  checkRole(): Promise<void>;
}

const self = (page: unknown) => page as DeskPage;

/** `emptyHint`: the toast when 查询 is tapped with nothing typed. */
export function deskScan(emptyHint: string) {
  return Behavior({
    methods: {
      onLoad() {
        void self(this).checkRole();
      },
      async checkRole() {
        await loadInto(self(this), () => api.account.profile({}, { loading: false }), (d) => ({ isStaff: staffFlags(d.roles).isStaff }), false);
      },
      onInput(e: DetailEvent<string>) {
        self(this).setData({ input: e.detail });
      },
      async onScan() {
        const page = self(this);
        if (page.data.busy) return;
        const code = await scanText(['qrCode']);
        if (code === null) return;
        page.setData({ input: code });
        await page.lookup(code);
      },
      async onQuery() {
        const page = self(this);
        const code = page.data.input.trim();
        if (!code) {
          toast(emptyHint);
          return;
        }
        await page.lookup(code);
      },
    },
  });
}
