/** The five OPT phases, by number. Phase 3's display name depends on the guideline version. */
export const PHASES = [1, 2, 3, 4, 5] as const;
export type Phase = (typeof PHASES)[number];

/** Phases 4 and 5 are high-intensity blocks that end with a cycle back to Phase 1. */
export const isHighIntensity = (phase: Phase): boolean => phase >= 4;
