import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** Chooses among equally good options; the same seed and purpose always choose the same. */
export interface Chooser {
  pick<T>(options: readonly T[]): T;
}

/** FNV-1a: a stable 32-bit hash of a purpose string, so each slot draws from its own stream. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The seed of a client's plan for a day when none is given: stable within the day, varied across days. */
export const defaultSeed = (clientId: string, plannedFor: string): number =>
  hash32(`${clientId}:${plannedFor.slice(0, 10)}`) & 0x7fffffff;

/**
 * A chooser per purpose ("resistance:squat", "warm-up:smr"), so that a block added or a choice changed in
 * one slot never reshuffles the others: week 4 of a block keeps week 1's ladders and only climbs them.
 */
export function seededChooser(seed: number, purpose: string): Chooser {
  const rng = xoroshiro128plus((seed ^ hash32(purpose)) | 0);
  return {
    pick<T>(options: readonly T[]): T {
      if (options.length === 0) throw new RangeError(`nothing to choose from for ${purpose}`);
      return options[uniformInt(rng, 0, options.length - 1)] as T;
    },
  };
}

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
