// Untyped engine modules the runtime bundles (the same ones miniprogram-simulate uses).
declare module 'miniprogram-exparser';
declare module 'miniprogram-simulate/src/api/animation';
declare module 'j-component/src/tool/selectorquery';
declare module 'j-component' {
  const jComponent: {
    register(definition: Record<string, unknown>): string;
    behavior(definition: Record<string, unknown>): string;
    create(id: string, properties?: Record<string, unknown>): any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  export default jComponent;
}
