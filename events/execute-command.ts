import type { ClientCommand } from "../domain/client/commands.ts";
import { decide } from "../domain/client/decide.ts";
import type { ClientEvent } from "../domain/client/events.ts";
import { type ClientState, evolve } from "../domain/client/state.ts";
import type { ProgramSettings } from "../domain/settings.ts";
import { claimsOfCommand } from "./claims.ts";
import { personalValuesOf } from "./crypto/personal-values.ts";
import type { EventMeta } from "./envelope.ts";
import { TransactionConflict } from "./store/errors.ts";
import {
  DuplicateCommand,
  DuplicateFact,
  type EventStore,
  type IdempotencyRecord,
  type LoadedStream,
  type StreamKey,
  VersionConflict,
} from "./store/port.ts";

/** No stream for this client in this tenant (unknown, or another tenant's). */
export class ClientNotFound extends Error {}

/** The Idempotency-Key was used before with another request. */
export class IdempotencyKeyReused extends Error {}

/** The command would record personal data of a client whose personal data was erased. */
export class PersonalDataAfterErasure extends Error {
  constructor(readonly fields: readonly string[]) {
    super(`the client's personal data was erased: ${fields.join(", ")} cannot be recorded`);
  }
}

/** Every attempt lost the race for the next version. */
export class ConcurrencyExhausted extends Error {}

export interface Outcome {
  readonly state: ClientState;
  readonly version: number;
  readonly events: readonly ClientEvent[];
}

export interface Execution<Response> {
  readonly key: StreamKey;
  readonly command: ClientCommand;
  readonly settings: ProgramSettings;
  readonly meta: Omit<EventMeta, "tenantId">;
  /** Store time, from the edge's clock. */
  readonly recordedAt: string;
  /** Commands other than registration need an existing stream. */
  readonly requireExisting: boolean;
  /**
   * Must settle before anything is decided (the tenant's command budget): it runs beside the first load,
   * not before it, and rejects to refuse.
   */
  readonly admission?: Promise<void>;
  /** Checked on the loaded state before anything else (e.g. the caller's locations); throws to refuse. */
  readonly authorize?: (state: ClientState) => void;
  /** Stored facts the command refers to (see events/claims.ts), located in the same read as the state. */
  readonly references?: readonly string[];
  /** Completes the command from what the stream holds (e.g. the stored plan a session names). */
  readonly prepare?: (loaded: LoadedStream) => Promise<ClientCommand>;
  /** Client-supplied If-Match: the stream version the caller last saw. */
  readonly expectedVersion?: number;
  readonly idempotency?: { readonly key: string; readonly requestHash: string; readonly expiresAt: number };
  /** The answer to the caller, computed from the outcome and stored with an idempotent command. */
  readonly respond: (outcome: Outcome) => Response;
}

export class PreconditionFailed extends Error {
  constructor(readonly currentVersion: number) {
    super(`the client is at version ${currentVersion}`);
  }
}

export const MAX_ATTEMPTS = 12;

/**
 * Load, decide, append; on a lost race, load again and decide again (the decision may differ now).
 * A repeated idempotent command answers what the first answered and appends nothing.
 */
export async function executeCommand<Response>(
  store: EventStore,
  execution: Execution<Response>,
): Promise<{ response: Response; replayed: boolean }> {
  const { key, command, settings, idempotency } = execution;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const [loaded] = await Promise.all([
      store.load(key, {
        ...(idempotency ? { idempotencyKey: idempotency.key } : {}),
        claims: claimsOfCommand(command),
        ...(execution.references ? { references: execution.references } : {}),
      }),
      attempt === 1 ? execution.admission : undefined,
    ]);
    if (execution.requireExisting && loaded.version === 0) {
      throw new ClientNotFound(`client ${key.clientId} not found`);
    }
    execution.authorize?.(loaded.state);
    if (loaded.idempotencyRecord) return replay(loaded.idempotencyRecord, execution, loaded);
    if (execution.expectedVersion !== undefined && execution.expectedVersion !== loaded.version) {
      throw new PreconditionFailed(loaded.version);
    }
    // A fact the command would record (a session, an assessment) is already stored: nothing to decide.
    const prepared =
      loaded.claimed.length > 0 || !execution.prepare ? command : await execution.prepare(loaded);
    const events = loaded.claimed.length > 0 ? [] : decide(prepared, loaded.state, settings);
    if (loaded.state.erasure) refusePersonalValues(events);
    const state = events.reduce(evolve, loaded.state);
    const response = execution.respond({ state, version: loaded.version + events.length, events });
    if (events.length === 0 && !idempotency) return { response, replayed: false };
    try {
      // With no events this still binds the Idempotency-Key to this answer, at this version.
      await store.append({
        key,
        expectedVersion: loaded.version,
        events,
        state,
        meta: execution.meta,
        recordedAt: execution.recordedAt,
        ...(idempotency
          ? {
              idempotency: {
                key: idempotency.key,
                expiresAt: idempotency.expiresAt,
                record: { requestHash: idempotency.requestHash, response },
              },
            }
          : {}),
      });
      return { response, replayed: false };
    } catch (error) {
      if (error instanceof DuplicateCommand && idempotency) {
        const record = await store.getIdempotencyRecord(key, idempotency.key);
        if (record) return replay(record, execution, loaded);
      }
      // Lost a race (another version, or the same fact recorded meanwhile): load and decide again.
      const raced =
        error instanceof VersionConflict ||
        error instanceof TransactionConflict ||
        error instanceof DuplicateFact;
      if (!raced) throw error;
      await backoff(attempt);
    }
  }
  throw new ConcurrencyExhausted(`gave up after ${MAX_ATTEMPTS} attempts on a busy client`);
}

function replay<Response>(
  record: IdempotencyRecord,
  execution: Execution<Response>,
  loaded: LoadedStream,
): { response: Response; replayed: boolean } {
  if (record.requestHash !== execution.idempotency?.requestHash) {
    throw new IdempotencyKeyReused("this Idempotency-Key was used with a different request");
  }
  // The first answer may hold personal data erased since: answer what the client is now, appending nothing.
  if (record.personal && loaded.state.erasure)
    return {
      response: execution.respond({ state: loaded.state, version: loaded.version, events: [] }),
      replayed: true,
    };
  return { response: record.response as Response, replayed: true };
}

/** After an erasure the client's history goes on without personal data: a new personal value is refused. */
function refusePersonalValues(events: readonly ClientEvent[]): void {
  const fields = events.flatMap((event) => Object.keys(personalValuesOf(event) ?? {}));
  if (fields.length > 0) throw new PersonalDataAfterErasure([...new Set(fields)]);
}

/** Full jitter keeps concurrent writers to one client from colliding again in lockstep. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));
