import type {
  BodyPart,
  Equipment,
  Exercise,
  ExerciseComponent,
  Level,
  Pattern,
  StabilityRung,
} from "../types.ts";

/** Small builders so each exercise is one line of data; shared by the files in this folder. */

export const ALL_LEVELS: readonly Level[] = ["stabilization", "strength", "power"];

/** Anything beyond the positional fields: aliases, muscles, integrates, timed, extra sources. */
export type Extra = Partial<Omit<Exercise, "id" | "name" | "component">>;

export type Build = (
  id: string,
  name: string,
  equipment: readonly Equipment[],
  stability: StabilityRung,
  extra?: Extra,
) => Exercise;

/** A builder for one component, level set, pattern, body parts and source list. */
export const builder =
  (
    component: ExerciseComponent,
    levels: readonly Level[],
    pattern: Pattern,
    bodyParts: readonly BodyPart[],
    sources: readonly string[],
  ): Build =>
  (id, name, equipment, stability, extra = {}) => ({
    id,
    name,
    component,
    levels,
    pattern,
    bodyParts,
    equipment,
    stability,
    sources,
    ...extra,
  });

const RESISTANCE_PARTS: Partial<Record<Pattern, readonly BodyPart[]>> = {
  squat: ["legs", "glutes"],
  hinge: ["legs", "glutes", "back"],
  lunge: ["legs", "glutes"],
  "horizontal-push": ["chest", "shoulders", "arms"],
  "horizontal-pull": ["back", "arms"],
  "vertical-push": ["shoulders", "arms"],
  "vertical-pull": ["back", "arms"],
  "total-body": ["full-body"],
  rotation: ["core"],
  biceps: ["arms"],
  triceps: ["arms"],
  calves: ["calves"],
};

/** Resistance builders for one pattern: `role` is the level, and the exercise sits at that level only. */
export const resistance = (pattern: Pattern, sources: readonly string[]) => {
  const parts = RESISTANCE_PARTS[pattern] ?? ["full-body"];
  const at =
    (role: Level): Build =>
    (id, name, equipment, stability, extra = {}) => ({
      ...builder("resistance", [role], pattern, parts, sources)(id, name, equipment, stability, extra),
      role,
    });
  return { stab: at("stabilization"), strength: at("strength"), power: at("power") };
};

/** Links consecutive rungs regression → progression (most → least stable); the tests check the rules. */
export function ladder(...rungs: readonly Exercise[]): Exercise[] {
  return rungs.map((rung, i) => {
    const easier = rungs[i - 1];
    const harder = rungs[i + 1];
    return {
      ...rung,
      ...(easier ? { regressionId: easier.id } : {}),
      ...(harder ? { progressionId: harder.id } : {}),
    };
  });
}
