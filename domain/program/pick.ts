import type { Chooser } from "./seeded-choice.ts";

/** Up to `count` distinct options, each chosen by the seed among those not yet taken. */
export function pickDistinct<T>(chooser: Chooser, options: readonly T[], count: number): T[] {
  const left = [...options];
  const picked: T[] = [];
  while (picked.length < count && left.length > 0) {
    const choice = chooser.pick(left);
    picked.push(choice);
    left.splice(left.indexOf(choice), 1);
  }
  return picked;
}
