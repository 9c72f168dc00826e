import { expect } from "vitest";
import type { ClientCommand } from "../../domain/client/commands.ts";
import { decide } from "../../domain/client/decide.ts";
import type { ClientEvent } from "../../domain/client/events.ts";
import { RuleViolation } from "../../domain/client/rule-violation.ts";
import { fold } from "../../domain/client/state.ts";
import { DEFAULT_SETTINGS, type ProgramSettings } from "../../domain/settings.ts";

/** given(events).when(command).then(events): the decider read as a specification. */
export function given(history: readonly ClientEvent[], settings: ProgramSettings = DEFAULT_SETTINGS) {
  return {
    when(command: ClientCommand) {
      const run = () => decide(command, fold(history), settings);
      return {
        // biome-ignore lint/suspicious/noThenProperty: the spec reads given/when/then, as Emmett's does; it is never awaited.
        then(expected: readonly ClientEvent[]) {
          expect(run()).toEqual(expected);
        },
        /** Asserts the event types in order and partial contents of each. */
        thenMatches(expected: readonly { type: ClientEvent["type"]; data?: object; occurredAt?: string }[]) {
          const events = run();
          expect(events.map((event) => event.type)).toEqual(expected.map((event) => event.type));
          expect(events).toMatchObject(expected);
        },
        thenNothing() {
          expect(run()).toEqual([]);
        },
        thenRefused(rule: string) {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(RuleViolation);
          expect((caught as RuleViolation).rule).toBe(rule);
        },
        events: run,
      };
    },
  };
}
