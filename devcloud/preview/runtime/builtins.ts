// The built-in tags (view, text, image, input, …) for the browser. miniprogram-simulate's are
// empty <slot/> stubs; these render real elements, honour `hidden` and emit the runtime's events.
/* eslint-disable @typescript-eslint/no-explicit-any */
import jComponent from 'j-component';
import { setRootFontSize } from './session';

type Caller = any;
const host = (self: Caller): HTMLElement => self._exparserNode.$$;

const hidden = {
  type: Boolean,
  value: false,
  observer(this: Caller, value: boolean) {
    host(this)?.toggleAttribute('hidden', !!value);
  },
};

/** Every official tag; the ones without a definition below are plain containers. */
const OFFICIAL = [
  'cover-image', 'cover-view', 'grid-view', 'list-view', 'match-media', 'movable-area', 'movable-view', 'page-container',
  'root-portal', 'share-element', 'sticky-header', 'sticky-section', 'swiper', 'swiper-item', 'view', 'icon', 'progress',
  'text', 'checkbox', 'checkbox-group', 'editor', 'form', 'label', 'picker-view', 'picker-view-column', 'radio',
  'radio-group', 'slider', 'functional-page-navigator', 'audio', 'camera', 'live-player', 'live-pusher', 'video', 'map',
  'web-view', 'ad', 'official-account', 'open-data', 'navigation-bar', 'keyboard-accessory', 'voip-room',
  'channel-live', 'channel-video', 'ad-custom',
];

function register(name: string, def: Record<string, any> = {}): void {
  jComponent.register({
    id: name,
    tagName: `wx-${name}`,
    template: def.template ?? '<slot/>',
    options: { multipleSlots: false },
    ...def,
    properties: { hidden, ...(def.properties ?? {}) },
  } as any);
}

/** A native <input>/<textarea> inside the host, kept in step with the properties. */
function field(kind: 'input' | 'textarea') {
  return {
    template: '<block></block>',
    properties: {
      value: { type: String, value: '', observer(this: Caller, v: string) { const el = this.__el; if (el && el.value !== (v ?? '')) el.value = v ?? ''; } },
      type: { type: String, value: 'text', observer(this: Caller) { this.__sync?.(); } },
      password: { type: Boolean, value: false, observer(this: Caller) { this.__sync?.(); } },
      placeholder: { type: String, value: '', observer(this: Caller) { this.__sync?.(); } },
      disabled: { type: Boolean, value: false, observer(this: Caller) { this.__sync?.(); } },
      maxlength: { type: Number, value: 140, observer(this: Caller) { this.__sync?.(); } },
      focus: { type: Boolean, value: false, observer(this: Caller, v: boolean) { if (v) this.__el?.focus(); } },
      autoFocus: { type: Boolean, value: false },
      autoHeight: { type: Boolean, value: false },
      confirmType: { type: String, value: 'done' },
    },
    lifetimes: {
      attached(this: Caller) {
        const el = document.createElement(kind) as HTMLInputElement | HTMLTextAreaElement;
        this.__el = el;
        this.__sync = () => {
          const d = this.data;
          if (el instanceof HTMLInputElement) {
            el.type = d.password ? 'password' : d.type === 'number' || d.type === 'digit' || d.type === 'idcard' ? 'text' : 'text';
            el.inputMode = d.type === 'number' ? 'numeric' : d.type === 'digit' ? 'decimal' : 'text';
          }
          el.placeholder = d.placeholder ?? '';
          el.disabled = !!d.disabled;
          if (Number(d.maxlength) >= 0) el.maxLength = Number(d.maxlength);
          else el.removeAttribute('maxlength');
        };
        this.__sync();
        el.value = this.data.value ?? '';
        const detail = () => ({ value: el.value, cursor: el.selectionStart ?? el.value.length, keyCode: 0 });
        el.addEventListener('input', () => this.triggerEvent('input', detail()));
        el.addEventListener('focus', () => this.triggerEvent('focus', { value: el.value, height: 0 }));
        el.addEventListener('blur', () => this.triggerEvent('blur', { value: el.value, cursor: el.value.length }));
        el.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter' && kind === 'input') this.triggerEvent('confirm', { value: el.value });
        });
        // Touches on a field must not become taps on what is behind it, and must still focus it.
        el.addEventListener('mousedown', (e) => e.stopPropagation());
        host(this).appendChild(el);
        syncFieldLabel(host(this), el);
        if (this.data.focus || this.data.autoFocus) setTimeout(() => el.focus(), 0);
      },
    },
  };
}

const FIT: Record<string, string> = { scaleToFill: 'fill', aspectFit: 'contain', aspectFill: 'cover', widthFix: 'contain', heightFix: 'contain' };

/**
 * WeChat's accessibility attributes on any node, as the browser's accessibility tree sees them:
 * `aria-role` → `role`, the other `aria-*` as they are. On <image> the label becomes the <img>'s
 * `alt`, and `aria-hidden` an empty `alt` (decorative). Called by the patched j-component render.
 */
export function applyAria(node: any, name: string, value: unknown): void {
  const dom: HTMLElement | undefined = node?.$$;
  if (!dom) return;
  const dashed = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`); // wcc: ariaLabel
  const attr = dashed === 'aria-role' ? 'role' : dashed;
  const off = value === undefined || value === null || value === false || value === '';
  if (off) dom.removeAttribute(attr);
  else dom.setAttribute(attr, String(value));
  const img = dom.tagName === 'WX-IMAGE' ? dom.querySelector('img') : null;
  if (img) syncImgAlt(dom, img);
  // <input aria-label>: the browser's own field carries the name.
  const field = dom.tagName === 'WX-INPUT' || dom.tagName === 'WX-TEXTAREA' ? dom.querySelector('input,textarea') : null;
  if (field && attr === 'aria-label') syncFieldLabel(dom, field);
}

function syncFieldLabel(hostEl: HTMLElement, field: Element): void {
  const label = hostEl.getAttribute('aria-label');
  if (label) field.setAttribute('aria-label', label);
  else field.removeAttribute('aria-label');
}

function syncImgAlt(hostEl: HTMLElement, img: HTMLImageElement): void {
  const label = hostEl.getAttribute('aria-label');
  if (label) img.alt = label;
  else if (hostEl.getAttribute('aria-hidden') === 'true') img.alt = '';
  else img.removeAttribute('alt');
}

export function registerBuiltins(): void {
  for (const name of OFFICIAL) register(name);
  // <page-meta root-font-size="system">: the page's rem follows WeChat's font-size setting.
  register('page-meta', {
    template: '<block></block>',
    properties: {
      rootFontSize: { type: String, value: '', observer(this: Caller, v: string) { setRootFontSize(host(this), v); } },
      pageStyle: String, pageFontSize: String, backgroundTextStyle: String, backgroundColor: String, scrollTop: String,
    },
    lifetimes: { attached(this: Caller) { setRootFontSize(host(this), this.data.rootFontSize); } },
  });
  register('input', field('input'));
  register('textarea', field('textarea'));
  register('button', {
    properties: {
      disabled: { type: Boolean, value: false, observer(this: Caller, v: boolean) { host(this)?.toggleAttribute('disabled', !!v); host(this)?.setAttribute('aria-disabled', String(!!v)); } },
      formType: String, openType: String, loading: Boolean, size: String, type: String, plain: Boolean, hoverClass: String,
    },
    // A native button to screen readers (WeChat's <button> is one).
    lifetimes: { attached(this: Caller) { const el = host(this); if (!el.hasAttribute('role')) el.setAttribute('role', 'button'); el.tabIndex = 0; } },
  });
  register('image', {
    template: '<block></block>',
    properties: {
      src: { type: String, value: '', observer(this: Caller, v: string) { if (this.__img) this.__img.src = v || ''; } },
      mode: { type: String, value: 'scaleToFill', observer(this: Caller) { this.__fit?.(); } },
      lazyLoad: Boolean, showMenuByLongpress: Boolean, webp: Boolean,
    },
    lifetimes: {
      attached(this: Caller) {
        const img = document.createElement('img');
        img.draggable = false;
        this.__img = img;
        this.__fit = () => {
          img.style.objectFit = FIT[this.data.mode] ?? 'fill';
          host(this).toggleAttribute('yue-width-fix', this.data.mode === 'widthFix');
        };
        this.__fit();
        img.addEventListener('load', () => this.triggerEvent('load', { width: img.naturalWidth, height: img.naturalHeight }));
        img.addEventListener('error', () => this.triggerEvent('error', { errMsg: 'GET ' + img.src + ' failed' }));
        if (this.data.src) img.src = this.data.src;
        host(this).appendChild(img);
        syncImgAlt(host(this), img);
      },
    },
  });
  register('scroll-view', {
    properties: {
      scrollX: { type: Boolean, value: false, observer(this: Caller, v: boolean) { host(this)?.toggleAttribute('yue-scroll-x', !!v); } },
      scrollY: { type: Boolean, value: false, observer(this: Caller, v: boolean) { host(this)?.toggleAttribute('yue-scroll-y', !!v); } },
      scrollTop: { type: null, observer(this: Caller, v: number) { const el = host(this); if (el && v != null) el.scrollTop = Number(v); } },
      scrollLeft: { type: null, observer(this: Caller, v: number) { const el = host(this); if (el && v != null) el.scrollLeft = Number(v); } },
      scrollIntoView: { type: String, observer(this: Caller, id: string) { if (id) host(this)?.querySelector(`#${CSS.escape(id)}`)?.scrollIntoView(); } },
      lowerThreshold: { type: Number, value: 50 },
      upperThreshold: { type: Number, value: 50 },
      scrollWithAnimation: Boolean, enhanced: Boolean, showScrollbar: Boolean, refresherEnabled: Boolean,
    },
    lifetimes: {
      attached(this: Caller) {
        const el = host(this);
        el.toggleAttribute('yue-scroll-x', !!this.data.scrollX);
        el.toggleAttribute('yue-scroll-y', !!this.data.scrollY);
        let atEnd = false;
        el.addEventListener('scroll', () => {
          this.triggerEvent('scroll', { scrollTop: el.scrollTop, scrollLeft: el.scrollLeft, scrollHeight: el.scrollHeight, scrollWidth: el.scrollWidth, deltaX: 0, deltaY: 0 });
          const end = this.data.scrollY
            ? el.scrollTop + el.clientHeight >= el.scrollHeight - this.data.lowerThreshold
            : el.scrollLeft + el.clientWidth >= el.scrollWidth - this.data.lowerThreshold;
          if (end && !atEnd) this.triggerEvent('scrolltolower', { direction: this.data.scrollY ? 'bottom' : 'right' });
          atEnd = end;
        });
      },
    },
  });
  register('navigator', {
    properties: { url: String, openType: { type: String, value: 'navigate' }, delta: { type: Number, value: 1 } },
    lifetimes: {
      attached(this: Caller) {
        this._exparserNode.addListener('tap', () => {
          const { url, openType, delta } = this.data;
          const wx = (window as any).wx;
          if (openType === 'navigateBack') wx.navigateBack({ delta });
          else if (openType === 'redirect') wx.redirectTo({ url });
          else if (openType === 'switchTab') wx.switchTab({ url });
          else if (openType === 'reLaunch') wx.reLaunch({ url });
          else wx.navigateTo({ url });
        });
      },
    },
  });
  register('rich-text', {
    template: '<block></block>',
    properties: {
      nodes: { type: null, value: '', observer(this: Caller, v: unknown) { this.__render?.(v); } },
    },
    lifetimes: {
      attached(this: Caller) {
        const root = document.createElement('div');
        host(this).appendChild(root);
        const build = (nodes: any): Node[] => (Array.isArray(nodes) ? nodes : []).map((n: any) => {
          if (n.type === 'text') return document.createTextNode(n.text ?? '');
          const el = document.createElement(/^[a-z][a-z0-9]*$/.test(n.name ?? '') ? n.name : 'div');
          for (const [k, val] of Object.entries((n.attrs ?? {}) as Record<string, string>)) if (!/^on/i.test(k)) el.setAttribute(k, String(val));
          for (const c of build(n.children)) el.appendChild(c);
          return el;
        });
        this.__render = (v: unknown) => {
          root.textContent = '';
          if (typeof v === 'string') {
            // HTML from the page's own content; scripts and handlers are dropped.
            const doc = new DOMParser().parseFromString(v, 'text/html');
            doc.querySelectorAll('script,iframe,object').forEach((n) => n.remove());
            doc.querySelectorAll('*').forEach((n) => [...n.attributes].forEach((a) => { if (/^on/i.test(a.name)) n.removeAttribute(a.name); }));
            root.append(...Array.from(doc.body.childNodes));
          } else root.append(...build(v));
        };
        this.__render(this.data.nodes);
      },
    },
  });
  register('canvas', {
    template: '<block></block>',
    properties: { canvasId: String, type: String },
    lifetimes: { attached(this: Caller) { host(this).appendChild(document.createElement('canvas')); } },
  });
  register('switch', {
    template: '<block></block>',
    properties: {
      checked: { type: Boolean, value: false, observer(this: Caller, v: boolean) { host(this)?.toggleAttribute('yue-checked', !!v); } },
      disabled: Boolean, color: String,
    },
    lifetimes: {
      attached(this: Caller) {
        host(this).toggleAttribute('yue-checked', !!this.data.checked);
        this._exparserNode.addListener('tap', () => {
          if (this.data.disabled) return;
          this.setData({ checked: !this.data.checked });
          host(this).toggleAttribute('yue-checked', !!this.data.checked);
          this.triggerEvent('change', { value: this.data.checked });
        });
      },
    },
  });
  register('picker', {
    properties: { mode: { type: String, value: 'selector' }, range: { type: Array, value: [] }, rangeKey: String, value: { type: null }, disabled: Boolean, start: String, end: String },
    lifetimes: {
      attached(this: Caller) {
        this._exparserNode.addListener('tap', async () => {
          if (this.data.disabled) return;
          const { mode, range, rangeKey, value } = this.data;
          const overlays = (window as any).__yuePreview.overlays;
          if (mode === 'date' || mode === 'time') {
            const picked = await overlays.prompt({ title: mode === 'date' ? '选择日期' : '选择时间', inputType: mode, value: value ?? '' });
            if (picked !== null) this.triggerEvent('change', { value: picked });
          } else if (mode === 'selector') {
            const items = (range as any[]).map((r) => String(rangeKey ? r?.[rangeKey] : r));
            const index = await overlays.actionSheet(items);
            if (index !== null) this.triggerEvent('change', { value: index });
          } else {
            (window as any).__yuePreview.missing(`<picker mode="${mode}">`);
          }
        });
      },
    },
  });
}

/** Styles of the built-ins (WeChat's defaults, as far as pages notice them). */
export const BUILTIN_CSS = `
[hidden]{display:none!important}
wx-view,wx-scroll-view,wx-swiper,wx-swiper-item,wx-cover-view,wx-form,wx-navigator,wx-rich-text,wx-progress,wx-picker,wx-movable-area,wx-page-container{display:block}
wx-text,wx-label,wx-icon{display:inline}
wx-root-portal{display:contents}
wx-page-meta{display:none}
wx-scroll-view{position:relative;width:100%;-webkit-overflow-scrolling:touch}
wx-scroll-view[yue-scroll-y]{overflow-y:auto}
wx-scroll-view[yue-scroll-x]{overflow-x:auto;white-space:nowrap}
wx-image{display:inline-block;position:relative;overflow:hidden;width:320px;height:240px}
wx-image>img{display:block;width:100%;height:100%;-webkit-user-drag:none}
wx-image[yue-width-fix]{height:auto!important}
wx-image[yue-width-fix]>img{height:auto}
wx-input{display:block;min-height:1.4rem;overflow:hidden;text-overflow:clip;white-space:nowrap}
wx-input>input,wx-textarea>textarea{display:block;width:100%;height:100%;min-height:inherit;margin:0;padding:0;border:0;outline:0;background:transparent;font:inherit;color:inherit;text-align:inherit;line-height:inherit}
wx-textarea{display:block;width:300px;height:150px}
wx-textarea>textarea{resize:none}
wx-button{display:block;position:relative;box-sizing:border-box;cursor:pointer;text-align:center}
wx-button[disabled]{cursor:not-allowed}
wx-canvas{display:block;width:300px;height:150px}wx-canvas>canvas{display:block;width:100%;height:100%}
wx-switch{display:inline-block;width:52px;height:32px;border-radius:16px;background:#dfdfdf;position:relative;transition:background .2s}
wx-switch::after{content:'';position:absolute;top:2px;left:2px;width:28px;height:28px;border-radius:50%;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.3);transition:left .2s}
wx-switch[yue-checked]{background:#07c160}
wx-switch[yue-checked]::after{left:22px}
`;
