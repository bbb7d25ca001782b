// What the preview build hands the browser runtime (window.__YUE_META__). Types only, shared by
// devcloud/preview/build.ts (node) and devcloud/preview/runtime (browser).

export interface ComponentMeta {
  /** DOM tag of the component's host element. */
  tag: string;
  /** Class prefix (`.x` in its WXSS and template becomes `.<prefix>--x`). */
  prefix: string;
  /** tag → component path (root-relative, no extension). */
  using: Record<string, string>;
  css: string;
  /** Page json (navigationBarTitleText, enablePullDownRefresh, …); pages only. */
  page?: Record<string, unknown>;
}

export interface PreviewMeta {
  /** app.json as written. */
  app: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Every page route (subpackages included), in app.json order. */
  routes: string[];
  components: Record<string, ComponentMeta>;
}
