import { type ApiResponse, day, type E2e, phase1Session } from "./e2e.ts";

/**
 * A gym seeded through the API (the command path): three locations, three trainers and a client
 * without one, and journeys that cover every event type: an advance recommendation, a layoff
 * cycle-back, a referral and its clearance, a stored session plan performed, a periodized plan
 * re-planned by a goal change, a reassessment, backdated history in another UTC offset, a wearable linked then
 * unlinked by an erasure. Every personal
 * field carries a marker the privacy test looks for in the analytics records.
 */
export const PERSONAL_MARKER = "PERSONAL";
export const BIRTH_DATES = [
  "1990-04-01",
  "1975-09-30",
  "2001-02-03",
  "1960-01-01",
  "1985-06-15",
  "1999-12-31",
];

async function ok(response: Promise<ApiResponse>): Promise<ApiResponse> {
  const answered = await response;
  if (answered.status >= 300) throw new Error(`the API answered ${answered.status}: ${answered.text}`);
  return answered;
}

export async function seedAnalyticsGym(e2e: E2e): Promise<void> {
  let registered = 0;
  const client = async (goal: string, locationId: string, trainerId: string | null, registeredAt: string) => {
    const dateOfBirth = BIRTH_DATES[registered] as string;
    registered += 1;
    const { body } = await ok(
      e2e.call("POST", "/v1/clients", {
        body: {
          name: `${PERSONAL_MARKER} Client ${registered}`,
          dateOfBirth,
          goal,
          locationId,
          ...(trainerId ? { trainerId } : {}),
          registeredAt,
        },
      }),
    );
    const path = `/v1/clients/${body.clientId}`;
    return (method: string, route: string, payload: unknown) =>
      ok(e2e.call(method, `${path}${route}`, { body: payload }));
  };
  const note = `${PERSONAL_MARKER} note: knee surgery 2019`;

  // Downtown, coach-ana: Phase 1 → advance recommended after 4 weeks → Phase 2 → a 15-day layoff.
  const advancing = await client("general-fitness", "downtown", "coach-ana", day(0));
  await advancing("POST", "/assessments", {
    type: "overhead-squat",
    performedAt: day(0),
    findings: [{ compensation: "knees-move-inward" }],
    notes: note,
  });
  await advancing("POST", "/phases", { phase: 1, startedAt: day(2), plannedWeeks: 4, sessionsPerWeek: 2 });
  await advancing("POST", "/assessments", { type: "overhead-squat", performedAt: day(3), findings: [] });
  for (const offset of [1, 4, 8, 11, 15, 18, 22, 25, 28])
    await advancing("POST", "/sessions", phase1Session(day(2 + offset)));
  await advancing("POST", "/phases", { phase: 2, startedAt: day(31) });
  await advancing("POST", "/sessions", phase1Session(day(32)));
  await advancing("POST", "/sessions", phase1Session(day(47)));

  // Downtown, coach-ben: pain in a session refers the client; a clearance restarts Phase 1.
  const referred = await client("fat-loss", "downtown", "coach-ben", day(1));
  await referred("POST", "/assessments", {
    type: "overhead-squat",
    performedAt: day(1),
    findings: [{ compensation: "low-back-arches" }, { compensation: "knees-move-inward" }],
  });
  await referred("POST", "/phases", { phase: 1, startedAt: day(2) });
  await referred("POST", "/sessions", phase1Session(day(4)));
  await referred("POST", "/sessions", phase1Session(day(6), { pain: true }));
  await referred("POST", "/clearance", { clearedAt: day(9), notes: note });
  await referred("POST", "/sessions", phase1Session(day(10)));

  // Harbor, coach-cy: a stored session plan, performed in part; a periodized plan, re-planned by a goal change.
  const planned = await client("hypertrophy", "harbor", "coach-cy", day(0));
  await planned("POST", "/assessments", { type: "overhead-squat", performedAt: day(0), findings: [] });
  await planned("POST", "/phases", { phase: 1, startedAt: day(1) });
  const plan = await planned("POST", "/session-plans", { seed: 3, plannedFor: day(2) });
  const prescribed = (plan.body.blocks as { exercises: { exerciseId: string; component: string }[] }[])
    .flatMap((block) => block.exercises)
    .filter((exercise) => exercise.component === "flexibility")
    .slice(0, 2);
  await planned("POST", "/sessions", {
    planId: plan.body.planId,
    performedAt: day(2),
    exercises: prescribed.map((exercise) => ({
      exerciseId: exercise.exerciseId,
      sets: [{ durationSeconds: 30 }],
    })),
  });
  await planned("POST", "/plans", { startsOn: "2026-06-01" });
  await planned("PUT", "/goal", { goal: "max-strength", at: day(5) });

  // Harbor, coach-cy: assessed once, not yet placed in a phase.
  const assessed = await client("power", "harbor", "coach-cy", day(3));
  await assessed("POST", "/assessments", {
    type: "overhead-squat",
    performedAt: day(3),
    findings: [{ compensation: "feet-turn-out" }],
  });

  // Uptown, no trainer: reassessed with a compensation that stays; sessions in Phase 1.
  const reassessed = await client("max-strength", "uptown", null, day(0));
  await reassessed("POST", "/assessments", {
    type: "overhead-squat",
    performedAt: day(0),
    findings: [{ compensation: "knees-move-inward" }, { compensation: "feet-turn-out" }],
  });
  await reassessed("POST", "/phases", { phase: 1, startedAt: day(1) });
  await reassessed("POST", "/sessions", phase1Session(day(2)));
  await reassessed("POST", "/assessments", {
    type: "overhead-squat",
    performedAt: day(20),
    findings: [{ compensation: "knees-move-inward" }],
  });

  // Uptown, no trainer: history backdated to New Year's Eve 2019, written in UTC-2 and UTC-5 (the
  // partitions are the UTC dates, 2020-01-01 and 2020-01-02); later the client's personal data is erased.
  const backdated = await client("general-fitness", "uptown", null, "2019-12-31T23:30:00-02:00");
  await backdated("POST", "/phases", { phase: 1, startedAt: "2020-01-01T22:30:00-05:00" });
  // Its watch account (a personal value too) is unlinked by the erasure.
  await backdated("POST", "/wearables", {
    provider: "garmin",
    externalUserId: `${PERSONAL_MARKER}-garmin-user`,
    at: "2020-01-02T08:00:00Z",
  });
  await backdated("POST", "/erasure", { reason: "client-request" });
}
