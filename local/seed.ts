/**
 * npm run seed: a demo gym through the running local API (npm start): three locations and clients at
 * different points of their OPT journey. BASE_URL (http://127.0.0.1:3000), TENANT (demo-gym).
 */
import { SeedUnauthorized, seedApi } from "./seed-api.ts";

const baseUrl = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const call = await seedApi({
  baseUrl,
  dataDir: process.env.DATA_DIR ?? ".data",
  tenant: process.env.TENANT ?? "demo-gym",
});
const now = Date.now();
const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();

const set = (reps: number, tempo: string, restSeconds: number) => ({ reps, tempo, restSeconds });
const phase1Session = (at: number) => ({
  performedAt: daysAgo(at),
  durationMinutes: 50,
  exercises: [
    { name: "ball squat", sets: [set(15, "4/2/1", 60), set(15, "4/2/1", 60)] },
    { name: "single-leg balance reach", sets: [set(12, "4/2/1", 45), set(12, "4/2/1", 45)] },
  ],
});
const phase2Session = (at: number) => ({
  performedAt: daysAgo(at),
  exercises: [
    { name: "bench press", supersetGroup: "A", sets: [set(10, "2/0/2", 60), set(10, "2/0/2", 60)] },
    { name: "ball push-up", supersetGroup: "A", sets: [set(10, "4/2/1", 60), set(10, "4/2/1", 60)] },
  ],
});

/** Each location's trainer: the analytics reports compare trainers' clients. */
const TRAINERS: Record<string, string> = { downtown: "coach-ana", harbor: "coach-cy", uptown: "coach-ben" };

async function client(name: string, goal: string, locationId: string, registeredDaysAgo: number) {
  const { clientId } = await call("POST", "/v1/clients", {
    name,
    dateOfBirth: "1988-06-15",
    goal,
    locationId,
    trainerId: TRAINERS[locationId],
    registeredAt: daysAgo(registeredDaysAgo),
  });
  return `/v1/clients/${clientId}`;
}

/** The client whose timeline the seed points at: the one with a cycle-back to see. */
let timelineOf = "";

const journeys: Record<string, () => Promise<void>> = {
  "new client with compensations, in Phase 1": async () => {
    const path = await client("Noor Haddad", "fat-loss", "downtown", 3);
    await call("POST", `${path}/assessments`, {
      type: "overhead-squat",
      performedAt: daysAgo(3),
      findings: [{ compensation: "knees-move-inward" }, { compensation: "low-back-arches" }],
    });
    await call("POST", `${path}/phases`, { phase: 1, startedAt: daysAgo(2) });
    await call("POST", `${path}/sessions`, phase1Session(1));
  },
  "Phase 1 client ready to advance": async () => {
    const path = await client("Mateo Silva", "general-fitness", "downtown", 40);
    await call("POST", `${path}/assessments`, {
      type: "overhead-squat",
      performedAt: daysAgo(40),
      findings: [],
    });
    await call("POST", `${path}/phases`, { phase: 1, startedAt: daysAgo(35) });
    // Advancing waits for a reassessment in the block.
    await call("POST", `${path}/assessments`, {
      type: "overhead-squat",
      performedAt: daysAgo(31),
      findings: [],
    });
    for (let i = 0; i < 9; i++) await call("POST", `${path}/sessions`, phase1Session(33 - i * 3.5));
  },
  "hypertrophy client in Phase 2": async () => {
    const path = await client("Grace Okafor", "hypertrophy", "uptown", 70);
    await call("POST", `${path}/assessments`, {
      type: "overhead-squat",
      performedAt: daysAgo(70),
      findings: [],
    });
    await call("POST", `${path}/phases`, { phase: 1, startedAt: daysAgo(68) });
    await call("POST", `${path}/phases`, { phase: 2, startedAt: daysAgo(20) });
    for (const at of [18, 15, 11, 8, 4]) await call("POST", `${path}/sessions`, phase2Session(at));
  },
  "power client at the end of a Phase 5 block": async () => {
    const path = await client("Kenji Watanabe", "power", "harbor", 120);
    await call("POST", `${path}/assessments`, {
      type: "overhead-squat",
      performedAt: daysAgo(120),
      findings: [],
    });
    await call("POST", `${path}/phases`, { phase: 1, startedAt: daysAgo(118) });
    await call("POST", `${path}/phases`, { phase: 2, startedAt: daysAgo(80) });
    await call("POST", `${path}/phases`, { phase: 5, startedAt: daysAgo(30), plannedWeeks: 4 });
    await call("POST", `${path}/sessions`, { performedAt: daysAgo(25), exercises: [] });
    await call("POST", `${path}/sessions`, { performedAt: daysAgo(1), exercises: [] });
  },
  "client referred for pain": async () => {
    const path = await client("Ines Moreau", "general-fitness", "uptown", 30);
    await call("POST", `${path}/phases`, { phase: 1, startedAt: daysAgo(28) });
    await call("POST", `${path}/sessions`, { ...phase1Session(2), pain: true });
  },
  "client cycled back after a layoff": async () => {
    const path = await client("Sam Taylor", "max-strength", "harbor", 90);
    timelineOf = `${path}/timeline.svg`;
    await call("POST", `${path}/assessments`, {
      type: "overhead-squat",
      performedAt: daysAgo(90),
      findings: [],
    });
    await call("POST", `${path}/phases`, { phase: 1, startedAt: daysAgo(88) });
    await call("POST", `${path}/phases`, { phase: 2, startedAt: daysAgo(50) });
    await call("POST", `${path}/sessions`, phase2Session(48));
    await call("POST", `${path}/sessions`, phase2Session(10));
  },
};

try {
  for (const [journey, run] of Object.entries(journeys)) {
    await run();
    console.log(`seeded: ${journey}`);
  }
} catch (error) {
  if (!(error instanceof SeedUnauthorized)) throw error;
  console.error(error.message);
  process.exit(1);
}
console.log(`\nRoster: curl -s ${baseUrl}/v1/locations/downtown/clients -H "authorization: Bearer $TOKEN"`);
console.log(
  `Sam Taylor's timeline: curl -s ${baseUrl}${timelineOf} -H "authorization: Bearer $TOKEN" -o timeline.svg`,
);
console.log(`API reference: ${baseUrl}/docs (Authorize with $TOKEN, then try getTimeline)`);
