// A small spaced-repetition schedule in the manner of SM-2: each card keeps an ease factor and an interval; a
// good answer multiplies the interval by the ease, a hard one grows it a little and lowers the ease, "again"
// starts the card over in a minute. Pure functions of (state, grade, now) so that they are easy to test.

export const GRADES = { again: 1, hard: 2, good: 3, easy: 4 };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START_EASE = 2.5;
const MIN_EASE = 1.3;

export function newState() {
  return { reps: 0, lapses: 0, ease: START_EASE, interval: 0, due: 0 };
}

// The state after answering `grade` (1–4) at time `now` (ms). `interval` is in days; `due` is a time in ms.
export function schedule(state, grade, now) {
  const next = { ...(state || newState()) };
  if (grade === GRADES.again) {
    next.reps = 0;
    next.lapses += 1;
    next.ease = Math.max(MIN_EASE, next.ease - 0.2);
    next.interval = 0;
    next.due = now + MINUTE;
    return next;
  }
  if (next.reps === 0 && grade === GRADES.hard) {
    // Still learning: see it again soon, in this session if it is long enough.
    next.due = now + 10 * MINUTE;
    return next;
  }
  let interval;
  if (next.reps === 0) {
    interval = grade === GRADES.easy ? 4 : 1;
  } else if (grade === GRADES.hard) {
    next.ease = Math.max(MIN_EASE, next.ease - 0.15);
    interval = Math.max(1, next.interval * 1.2);
  } else if (grade === GRADES.good) {
    interval = Math.max(next.interval + 1, next.reps === 1 ? 3 : next.interval * next.ease);
  } else {
    next.ease += 0.15;
    interval = Math.max(next.interval + 2, (next.reps === 1 ? 3 : next.interval * next.ease) * 1.3);
  }
  next.reps += 1;
  next.interval = Math.round(interval * 100) / 100;
  next.due = now + next.interval * DAY;
  return next;
}

export function isDue(state, now) {
  return Boolean(state) && state.due <= now;
}

// "10분", "3 days": the wait until `due`, in the largest unit that reads well. `units` holds the words.
export function formatWait(ms, units) {
  const minutes = ms / MINUTE;
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))}${units.minute}`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)}${units.hour}`;
  const days = ms / DAY;
  if (days < 31) return `${Math.round(days)}${units.day}`;
  if (days < 365) return `${Math.round(days / 30.4 * 10) / 10}${units.month}`;
  return `${Math.round(days / 365 * 10) / 10}${units.year}`;
}
