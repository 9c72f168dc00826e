import type { ReportRow } from "../../analytics/run-report.ts";
import type { ClientEvent } from "../../domain/client/events.ts";
import type { StoredEvent } from "../../events/envelope.ts";

/*
 * Each report's figures computed again, independently of SQL, DuckDB and the analytics records: folds
 * of the clients' stored event histories, with the definitions the reports' first lines state. The
 * integration test compares them with DuckDB's answers over the Parquet files.
 */

type History = readonly StoredEvent[];
type Of<Type extends ClientEvent["type"]> = Extract<StoredEvent, { type: Type }>;

const utcDate = (instant: string) => new Date(instant).toISOString().slice(0, 10);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const by =
  <T>(...keys: ((row: T) => string | number | null)[]) =>
  (a: T, b: T): number => {
    for (const key of keys) {
      const [x, y] = [key(a), key(b)];
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return 0;
  };
const chronological = by<StoredEvent>(
  (e) => new Date(e.occurredAt).toISOString(),
  (e) => e.version,
);
const upTo = (history: History, to: string) => history.filter((e) => utcDate(e.occurredAt) <= to);
const ofType = <Type extends ClientEvent["type"]>(history: History, type: Type) =>
  history.filter((e): e is Of<Type> => e.type === type);
const registrationOf = (history: History) => ofType(history, "ClientRegistered")[0] as Of<"ClientRegistered">;
const lastOf = <T extends StoredEvent>(events: readonly T[]): T | undefined =>
  [...events].sort(chronological).at(-1);

function count<Key>(keys: readonly Key[], keyOf: (key: Key) => string): Map<string, { key: Key; n: number }> {
  const counts = new Map<string, { key: Key; n: number }>();
  for (const key of keys) {
    const entry = counts.get(keyOf(key)) ?? { key, n: 0 };
    entry.n += 1;
    counts.set(keyOf(key), entry);
  }
  return counts;
}

export function phaseDistribution(histories: readonly History[], to: string): ReportRow[] {
  const clients = histories.map((h) => upTo(h, to)).filter((h) => ofType(h, "ClientRegistered").length > 0);
  const placed = clients.map((h) => {
    const referral = lastOf(h.filter((e) => e.type === "ClientReferred" || e.type === "ClientCleared"));
    return {
      location: registrationOf(h).data.locationId,
      phase: lastOf(ofType(h, "PhaseStarted"))?.data.phase ?? null,
      referred: referral?.type === "ClientReferred",
    };
  });
  const groups = count(placed, (c) => JSON.stringify([c.location, c.phase]));
  const perLocation = count(placed, (c) => c.location);
  return [...groups.values()]
    .map(({ key }) => {
      const members = placed.filter((c) => c.location === key.location && c.phase === key.phase);
      return {
        location_id: key.location,
        phase: key.phase,
        clients: members.length,
        referred: members.filter((c) => c.referred).length,
        pct_of_location: round((100 * members.length) / (perLocation.get(key.location)?.n ?? 1), 1),
      };
    })
    .sort(
      by(
        (r) => r.location_id,
        (r) => r.phase,
      ),
    );
}

export function cycleBacks(histories: readonly History[], from: string, to: string): ReportRow[] {
  const clients = histories.map((h) => upTo(h, to)).filter((h) => ofType(h, "ClientRegistered").length > 0);
  const clientDays = clients
    .map((h) => utcDate(registrationOf(h).occurredAt))
    .reduce((sum, registered) => sum + daysBetween(registered > from ? registered : from, to) + 1, 0);
  const months = clientDays / 30.4375;
  const cycleBacks = clients.flatMap((h) =>
    ofType(h, "CycleBackTriggered").filter((e) => utcDate(e.occurredAt) >= from),
  );
  return [...count(cycleBacks, (e) => e.data.reason).values()]
    .map(({ key, n }) => ({
      reason: key.data.reason,
      cycle_backs: n,
      clients: new Set(cycleBacks.filter((e) => e.data.reason === key.data.reason).map((e) => e.clientId))
        .size,
      client_months: round(months, 1),
      per_100_client_months: round((100 * n) / months, 2),
    }))
    .sort(
      by(
        (r) => -r.cycle_backs,
        (r) => r.reason,
      ),
    );
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export function weeksToAdvance(histories: readonly History[], from: string, to: string): ReportRow[] {
  const weeksByPhase = new Map<number, number[]>();
  for (const history of histories) {
    let start: StoredEvent | undefined;
    let recommended = false;
    for (const event of [...upTo(history, to)].sort((a, b) => a.version - b.version)) {
      if (event.type === "PhaseStarted") [start, recommended] = [event, false];
      if (event.type !== "PhaseAdvanceRecommended" || !start || recommended) continue;
      recommended = true;
      if (utcDate(event.occurredAt) < from) continue;
      const weeks = daysBetween(utcDate(start.occurredAt), utcDate(event.occurredAt)) / 7;
      weeksByPhase.set(event.data.fromPhase, [...(weeksByPhase.get(event.data.fromPhase) ?? []), weeks]);
    }
  }
  return [...weeksByPhase.entries()]
    .map(([phase, weeks]) => ({
      phase,
      recommendations: weeks.length,
      median_weeks: round(median(weeks), 1),
      min_weeks: round(Math.min(...weeks), 1),
      max_weeks: round(Math.max(...weeks), 1),
    }))
    .sort(by((r) => r.phase));
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length, 3);

export function adherenceByTrainer(histories: readonly History[], from: string, to: string): ReportRow[] {
  const sessions = histories.flatMap((h) => {
    const { locationId, trainerId } = registrationOf(h).data;
    return ofType(h, "SessionCompleted")
      .filter((e) => utcDate(e.occurredAt) >= from && utcDate(e.occurredAt) <= to)
      .map((e) => ({ location: locationId, trainer: trainerId ?? null, event: e }));
  });
  return [...count(sessions, (s) => JSON.stringify([s.location, s.trainer])).values()]
    .map(({ key }) => {
      const group = sessions.filter((s) => s.location === key.location && s.trainer === key.trainer);
      const adherence = group.flatMap((s) => (s.event.data.adherence ? [s.event.data.adherence.score] : []));
      const compliance = group.flatMap((s) =>
        s.event.data.compliance.score === null ? [] : [s.event.data.compliance.score],
      );
      return {
        location_id: key.location,
        trainer_id: key.trainer,
        clients: new Set(group.map((s) => s.event.clientId)).size,
        sessions: group.length,
        sessions_against_plan: adherence.length,
        mean_adherence: mean(adherence),
        graded_sessions: compliance.length,
        mean_compliance: mean(compliance),
      };
    })
    .sort(
      by(
        (r) => r.location_id,
        (r) => (r.trainer_id === null ? "\uffff" : r.trainer_id),
      ),
    );
}

export function compensations(histories: readonly History[], to: string): ReportRow[] {
  const series = histories.flatMap((h) => {
    const assessments = ofType(upTo(h, to), "AssessmentRecorded").sort(chronological);
    const kinds = [...new Set(assessments.map((a) => a.data.kind))];
    return kinds.map((kind) => assessments.filter((a) => a.data.kind === kind));
  });
  const found = (a: Of<"AssessmentRecorded"> | undefined, compensation: string) =>
    a?.data.findings.some((f) => f.compensation === compensation) ?? false;
  const pairs = new Map<string, { kind: string; compensation: string }>();
  for (const a of series.flat())
    for (const f of a.data.findings)
      pairs.set(JSON.stringify([a.data.kind, f.compensation]), {
        kind: a.data.kind,
        compensation: f.compensation,
      });
  return [...pairs.values()]
    .map(({ kind, compensation }) => {
      const ofKind = series.filter((s) => s[0]?.data.kind === kind);
      const reassessed = ofKind.filter((s) => s.length > 1);
      const atFirst = ofKind.filter((s) => found(s[0], compensation)).length;
      const atLatest = reassessed.filter((s) => found(s.at(-1), compensation)).length;
      return {
        assessment_kind: kind,
        compensation,
        assessed: ofKind.length,
        at_first: atFirst,
        pct_at_first: round((100 * atFirst) / ofKind.length, 1),
        reassessed: reassessed.length,
        at_latest: atLatest,
        pct_at_latest: reassessed.length === 0 ? null : round((100 * atLatest) / reassessed.length, 1),
      };
    })
    .sort(
      by(
        (r) => r.assessment_kind,
        (r) => -r.at_first,
        (r) => r.compensation,
      ),
    );
}

export function goalProgress(histories: readonly History[], to: string): ReportRow[] {
  const steps = histories.flatMap((h) => {
    const goal = lastOf(ofType(upTo(h, to), "GoalSet"));
    if (!goal) return [];
    const started = new Set(ofType(upTo(h, to), "PhaseStarted").map((e) => e.data.phase));
    const furthest = Math.max(0, ...goal.data.path.map((phase, i) => (started.has(phase) ? i + 1 : 0)));
    return goal.data.path.map((phase, i) => ({ goal: goal.data.goal, step: i + 1, phase, furthest }));
  });
  return [...count(steps, (s) => JSON.stringify([s.goal, s.step])).values()]
    .map(({ key }) => {
      const group = steps.filter((s) => s.goal === key.goal && s.step === key.step);
      const past = group.filter((s) => s.furthest > s.step).length;
      return {
        goal: key.goal,
        step: key.step,
        phase: key.phase,
        clients: group.length,
        reached: group.filter((s) => s.furthest >= s.step).length,
        past,
        pct_past: round((100 * past) / group.length, 1),
      };
    })
    .sort(
      by(
        (r) => r.goal,
        (r) => r.step,
      ),
    );
}
