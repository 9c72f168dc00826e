export * from "./client/commands.ts";
export { decide } from "./client/decide.ts";
export * from "./client/events.ts";
export { RuleViolation } from "./client/rule-violation.ts";
export { type ClientState, evolve, fold, initialState } from "./client/state.ts";
export * from "./goals.ts";
export * from "./phases.ts";
export * from "./settings.ts";
