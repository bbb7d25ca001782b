// The runtime's own overlays, drawn like WeChat's: toast, loading, modal, action sheet, and the
// preview's dialogs for scanCode and requestSubscribeMessage; plus the banner for what is missing.

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
};

let layer: HTMLElement;
export function mountOverlays(root: HTMLElement): void {
  layer = el('div', { id: 'yue-overlays' });
  root.appendChild(layer);
}

// ---- toast / loading (one slot, as in WeChat) ----
let toastNode: HTMLElement | null = null;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

export function hideToast(): void {
  clearTimeout(toastTimer);
  toastNode?.remove();
  toastNode = null;
}

export function showToast(opts: { title?: string; icon?: string; duration?: number; mask?: boolean; image?: string }, loading = false): void {
  hideToast();
  const icon = loading ? 'loading' : opts.icon ?? 'success';
  const box = el('div', { class: `yue-toast${icon === 'none' ? ' yue-toast-text' : ''}`, id: loading ? 'yue-loading' : 'yue-toast', role: 'status' });
  if (icon !== 'none') box.appendChild(el('div', { class: `yue-toast-icon yue-icon-${icon}` }, icon === 'success' ? '✓' : icon === 'error' ? '✕' : ''));
  box.appendChild(el('div', { class: 'yue-toast-title' }, opts.title ?? ''));
  const wrap = el('div', { class: `yue-toast-wrap${opts.mask ? ' yue-mask-clear' : ''}` }, box);
  layer.appendChild(wrap);
  toastNode = wrap;
  if (!loading) toastTimer = setTimeout(hideToast, opts.duration ?? 1500);
}

export const isLoading = () => !!toastNode?.querySelector('#yue-loading');

// ---- dialogs ----
interface DialogButton { text: string; value: unknown; primary?: boolean; id?: string }

function dialog(build: (body: HTMLElement) => void, buttons: DialogButton[], id: string, title?: string): Promise<unknown> {
  return new Promise((resolve) => {
    const body = el('div', { class: 'yue-dialog-body' });
    build(body);
    const foot = el('div', { class: 'yue-dialog-foot' });
    const box = el('div', { class: 'yue-dialog', id, role: 'dialog' });
    if (title) box.appendChild(el('div', { class: 'yue-dialog-title' }, title));
    box.append(body, foot);
    const wrap = el('div', { class: 'yue-mask' }, box);
    const close = (v: unknown) => {
      wrap.remove();
      resolve(v);
    };
    for (const b of buttons) {
      const btn = el('button', { class: `yue-dialog-btn${b.primary ? ' yue-primary' : ''}`, type: 'button', ...(b.id ? { id: b.id } : {}) }, b.text);
      btn.addEventListener('click', () => close(typeof b.value === 'function' ? (b.value as () => unknown)() : b.value));
      foot.appendChild(btn);
    }
    layer.appendChild(wrap);
    (body.querySelector('input,textarea') as HTMLElement | null)?.focus();
  });
}

export interface ModalOptions { title?: string; content?: string; showCancel?: boolean; cancelText?: string; confirmText?: string; confirmColor?: string; editable?: boolean; placeholderText?: string }

export async function modal(o: ModalOptions): Promise<{ confirm: boolean; cancel: boolean; content?: string }> {
  let input: HTMLTextAreaElement | null = null;
  const buttons: DialogButton[] = [];
  if (o.showCancel !== false) buttons.push({ text: o.cancelText || '取消', value: false, id: 'yue-modal-cancel' });
  buttons.push({ text: o.confirmText || '确定', value: true, primary: true, id: 'yue-modal-confirm' });
  const confirm = (await dialog((body) => {
    if (o.content) body.appendChild(el('div', { class: 'yue-dialog-content' }, o.content));
    if (o.editable) {
      input = el('textarea', { class: 'yue-dialog-input', placeholder: o.placeholderText ?? '' });
      body.appendChild(input);
    }
  }, buttons, 'yue-modal', o.title)) as boolean;
  return { confirm, cancel: !confirm, ...(o.editable ? { content: (input as HTMLTextAreaElement | null)?.value ?? '' } : {}) };
}

/** Resolves with the tapped index, or null when cancelled. */
export function actionSheet(items: string[], alertText?: string): Promise<number | null> {
  return new Promise((resolve) => {
    const sheet = el('div', { class: 'yue-sheet', id: 'yue-action-sheet', role: 'menu' });
    const wrap = el('div', { class: 'yue-mask yue-mask-bottom' }, sheet);
    const close = (v: number | null) => {
      wrap.remove();
      resolve(v);
    };
    if (alertText) sheet.appendChild(el('div', { class: 'yue-sheet-alert' }, alertText));
    items.forEach((text, i) => {
      const item = el('div', { class: 'yue-sheet-item', role: 'menuitem' }, text);
      item.addEventListener('click', () => close(i));
      sheet.appendChild(item);
    });
    const cancel = el('div', { class: 'yue-sheet-item yue-sheet-cancel' }, '取消');
    cancel.addEventListener('click', () => close(null));
    sheet.appendChild(cancel);
    wrap.addEventListener('click', (e) => { if (e.target === wrap) close(null); });
    layer.appendChild(wrap);
  });
}

/** A text (or date/time) prompt; null when cancelled. */
export async function prompt(o: { title: string; inputType?: string; value?: string }): Promise<string | null> {
  let input!: HTMLInputElement;
  const ok = await dialog((body) => {
    input = el('input', { class: 'yue-dialog-line', type: o.inputType ?? 'text', value: o.value ?? '' });
    body.appendChild(input);
  }, [{ text: '取消', value: false }, { text: '确定', value: true, primary: true }], 'yue-prompt', o.title);
  return ok ? input.value : null;
}

export interface ScanOffer { kind: string; label: string; code: string }

/** wx.scanCode: type or paste a code, or pick one the local cloud offers right now. */
export async function scanDialog(load: () => Promise<ScanOffer[]>): Promise<string | null> {
  let input!: HTMLInputElement;
  let pick: ((code: string) => void) | null = null;
  const picked = new Promise<string>((r) => (pick = r));
  const typed = dialog((body) => {
    body.appendChild(el('div', { class: 'yue-dialog-content' }, '预览无法使用摄像头：输入或粘贴码，或从本地云当前可用的码中选择。'));
    input = el('input', { class: 'yue-dialog-line', id: 'yue-scan-input', placeholder: '码的内容', autocomplete: 'off' });
    body.appendChild(input);
    const list = el('div', { class: 'yue-scan-list', id: 'yue-scan-list' }, '加载可用的码…');
    body.appendChild(list);
    load().then((offers) => {
      list.textContent = offers.length ? '' : '本地云暂时没有可扫的码';
      for (const o of offers) {
        const row = el('div', { class: 'yue-scan-offer', 'data-code': o.code, role: 'button' }, el('span', { class: 'yue-scan-kind' }, o.kind), el('span', { class: 'yue-scan-label' }, o.label), el('code', {}, o.code));
        row.addEventListener('click', () => pick?.(o.code));
        list.appendChild(row);
      }
    }, (err) => { list.textContent = `无法读取可用的码：${String(err)}`; });
  }, [{ text: '取消', value: null, id: 'yue-scan-cancel' }, { text: '确定', value: () => input.value.trim() || null, primary: true, id: 'yue-scan-ok' }], 'yue-scan', '扫码（预览）');
  return Promise.race([typed as Promise<string | null>, picked.then((code) => {
    document.querySelector('#yue-scan')?.closest('.yue-mask')?.remove();
    return code;
  })]);
}

/** wx.requestSubscribeMessage: allow or deny every template at once. */
export async function subscribeDialog(tmplIds: string[]): Promise<'accept' | 'reject'> {
  const ok = await dialog((body) => {
    body.appendChild(el('div', { class: 'yue-dialog-content' }, `小程序想向你发送 ${tmplIds.length} 类订阅消息`));
    for (const id of tmplIds) body.appendChild(el('div', { class: 'yue-dialog-small' }, id));
  }, [{ text: '拒绝', value: false, id: 'yue-subscribe-reject' }, { text: '允许', value: true, primary: true, id: 'yue-subscribe-accept' }], 'yue-subscribe', '订阅消息');
  return ok ? 'accept' : 'reject';
}

// ---- the banner: anything the preview lacks is visible ----
const reported = new Set<string>();
export function banner(text: string): void {
  if (reported.has(text)) return;
  reported.add(text);
  let bar = document.getElementById('yue-banner');
  if (!bar) {
    bar = el('div', { id: 'yue-banner', role: 'alert' });
    const x = el('span', { class: 'yue-banner-close' }, '×');
    x.addEventListener('click', () => bar?.remove());
    bar.appendChild(x);
    document.body.appendChild(bar);
  }
  bar.appendChild(el('div', {}, text));
}

export const OVERLAY_CSS = `
#yue-overlays{position:fixed;inset:0;pointer-events:none;z-index:10000;font-size:16px}
#yue-overlays>*{pointer-events:auto}
.yue-toast-wrap{position:fixed;inset:0;display:flex;align-items:center;justify-content:center;pointer-events:none}
.yue-toast-wrap.yue-mask-clear{pointer-events:auto}
.yue-toast{min-width:120px;max-width:70%;min-height:120px;box-sizing:border-box;padding:16px;border-radius:8px;background:rgba(17,17,17,.75);color:#fff;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center}
.yue-toast-text{min-height:0;padding:10px 16px}
.yue-toast-icon{font-size:40px;line-height:48px;margin-bottom:8px}
.yue-icon-loading{width:36px;height:36px;border:3px solid rgba(255,255,255,.3);border-top-color:#fff;border-radius:50%;animation:yue-spin .8s linear infinite}
@keyframes yue-spin{to{transform:rotate(360deg)}}
.yue-toast-title{font-size:15px;line-height:1.4;word-break:break-all}
.yue-mask{position:fixed;inset:0;background:rgba(0,0,0,.6);display:flex;align-items:center;justify-content:center}
.yue-mask-bottom{align-items:flex-end}
.yue-dialog{width:82%;max-height:80%;overflow:auto;background:#fff;border-radius:12px;text-align:center;color:#111}
.yue-dialog-title{padding:24px 24px 8px;font-weight:600;font-size:17px}
.yue-dialog-body{padding:8px 24px 24px;color:#555;font-size:15px;line-height:1.5;word-break:break-word}
.yue-dialog-content{white-space:pre-wrap}
.yue-dialog-small{font-size:12px;color:#999}
.yue-dialog-input{width:100%;box-sizing:border-box;margin-top:8px;min-height:64px;border:1px solid #ddd;border-radius:6px;padding:8px;font:inherit}
.yue-dialog-line{width:100%;box-sizing:border-box;margin-top:12px;height:40px;border:1px solid #ddd;border-radius:6px;padding:0 10px;font:inherit}
.yue-dialog-foot{display:flex;border-top:1px solid #eee}
.yue-dialog-btn{flex:1;height:52px;border:0;background:none;font-size:17px;font-weight:600;color:#111;cursor:pointer}
.yue-dialog-btn+.yue-dialog-btn{border-left:1px solid #eee}
.yue-dialog-btn.yue-primary{color:#576b95}
.yue-sheet{width:100%;background:#f7f7f7;border-radius:12px 12px 0 0;overflow:hidden}
.yue-sheet-alert{padding:16px;text-align:center;color:#999;font-size:13px;background:#fff}
.yue-sheet-item{padding:16px;text-align:center;background:#fff;border-top:1px solid #eee;cursor:pointer;color:#111}
.yue-sheet-cancel{margin-top:8px;border-top:0}
.yue-scan-list{margin-top:12px;text-align:left;max-height:240px;overflow:auto}
.yue-scan-offer{display:flex;gap:6px;align-items:baseline;padding:8px;border-radius:6px;cursor:pointer;border-bottom:1px solid #f2f2f2}
.yue-scan-offer:hover{background:#f2f7ff}
.yue-scan-kind{font-size:12px;color:#fff;background:#1989fa;border-radius:4px;padding:0 4px;flex:none}
.yue-scan-label{font-size:13px;color:#333;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.yue-scan-offer code{font-size:12px;color:#666;word-break:break-all;max-width:55%;text-align:right}
#yue-banner{position:fixed;left:0;right:0;top:0;z-index:20000;background:#ee0a24;color:#fff;font-size:12px;padding:6px 24px 6px 8px;line-height:1.4}
.yue-banner-close{position:absolute;right:8px;top:4px;cursor:pointer;font-size:16px}
`;
