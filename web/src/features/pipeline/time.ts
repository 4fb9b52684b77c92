const DAY = 86_400_000;

/** "Today", "1 day", "12 days": how long a card has been in its stage. */
export function timeInStage(enteredAt: string, now = Date.now()): string {
  const days = Math.floor((now - new Date(enteredAt).getTime()) / DAY);
  if (days < 1) return 'In stage since today';
  return `${days} ${days === 1 ? 'day' : 'days'} in stage`;
}
