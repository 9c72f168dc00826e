import { mapGarmin } from "./garmin.ts";
import { mapGeneric } from "./generic.ts";
import { mapHealthKit } from "./healthkit.ts";
import { mapOpenMHealth } from "./openmhealth.ts";
import { mapTerra } from "./terra.ts";
import type { PayloadMapper, Provider } from "./types.ts";

/** Each provider's payload to sessions: the receiver checks a post with it, the processor records with it. */
export const MAPPERS: Readonly<Record<Provider, PayloadMapper>> = {
  generic: mapGeneric,
  terra: mapTerra,
  openmhealth: mapOpenMHealth,
  healthkit: mapHealthKit,
  garmin: mapGarmin,
};
