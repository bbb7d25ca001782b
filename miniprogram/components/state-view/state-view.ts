// Loading / error / empty states in one place; the page's content goes in the default slot.
Component({
  options: { multipleSlots: true },
  properties: {
    loading: { type: Boolean, value: false },
    error: { type: String, value: '' },
    empty: { type: Boolean, value: false },
    emptyText: { type: String, value: '暂无内容' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
