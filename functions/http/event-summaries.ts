import type { ClientEvent } from "../../domain/client/events.ts";

/** What a command decided, in the terms of the events it appended (rules and reasons included). */
export const eventSummaries = (events: readonly ClientEvent[]) =>
  events.map((event) => {
    switch (event.type) {
      case "CycleBackTriggered":
        return {
          type: event.type,
          reason: event.data.reason,
          rule: event.data.rule,
          explanation: event.data.explanation,
        };
      case "PhaseStarted":
        return {
          type: event.type,
          phase: event.data.phase,
          reason: event.data.reason,
          overrides: event.data.overrides,
        };
      case "PhaseAdvanceRecommended":
        return {
          type: event.type,
          fromPhase: event.data.fromPhase,
          toPhase: event.data.toPhase,
          rule: event.data.rule,
        };
      case "ClientReferred":
        return { type: event.type, rule: event.data.rule, source: event.data.source };
      default:
        return { type: event.type };
    }
  });
