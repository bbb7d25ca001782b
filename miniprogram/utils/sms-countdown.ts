// The 获取验证码 countdown: data.countdown goes down to 0 once a second after a code was sent.

interface CountdownPage {
  data: { countdown: number };
  setData(patch: { countdown: number }): void;
}

// One timer per page instance (kept out of data: not view state; a page may be open twice).
const timers = new WeakMap<object, ReturnType<typeof setInterval>>();

/** Shows `seconds` and counts down to 0, replacing a running countdown. */
export function startCountdown(page: CountdownPage, seconds: number): void {
  stopCountdown(page);
  page.setData({ countdown: seconds });
  const timer = setInterval(() => {
    const left = Math.max(page.data.countdown - 1, 0);
    page.setData({ countdown: left });
    if (left === 0) stopCountdown(page);
  }, 1000);
  timers.set(page, timer);
}

/** Stops the countdown (on unload, or once the code was used); the number shown stays. */
export function stopCountdown(page: object): void {
  const timer = timers.get(page);
  if (timer !== undefined) clearInterval(timer);
  timers.delete(page);
}
