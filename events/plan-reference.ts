import type { RecordSession } from "../domain/client/commands.ts";
import { planClaim } from "./claims.ts";
import type { Execution } from "./execute-command.ts";
import type { EventStore, LoadedStream, StreamKey } from "./store/port.ts";

/**
 * How a session that names a stored plan finds it: the plan's claim, read with the client's state, names
 * the version of its SessionPlanned event, and one consistent GetItem reads the plan into the command
 * (checked to be that plan: a claim written before its event may name a version another event took).
 * Without a plan id, or for a plan the client does not have, the command goes on unchanged (the decider
 * then refuses an unknown plan).
 */
export function storedPlanOf(
  store: EventStore,
  key: StreamKey,
  command: RecordSession,
): Pick<Execution<unknown>, "references" | "prepare"> {
  const { planId } = command.data;
  if (planId === undefined) return {};
  const claim = planClaim(planId);
  return {
    references: [claim],
    prepare: async ({ referenced }: LoadedStream) => {
      const version = referenced.get(claim);
      const stored = version === undefined ? null : await store.readEvent(key, version);
      return stored?.type === "SessionPlanned" && stored.data.planId === planId
        ? { ...command, data: { ...command.data, plan: stored.data.plan } }
        : command;
    },
  };
}
