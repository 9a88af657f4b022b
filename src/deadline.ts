/**
 * Waits for `work` until `deadline` (ms since the epoch): true if it settled in time, false if the
 * deadline came first (the work goes on unobserved; its rejection is swallowed, not unhandled).
 */
export async function settlesBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  const observed = work.then(
    () => true,
    () => true,
  );
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([observed, expired]);
  } finally {
    clearTimeout(timer);
  }
}
