/**
 * A command refused by an OPT rule. `rule` is a stable identifier (clients branch on it);
 * `overridable` says whether a trainer's override reason would let the command through.
 */
export class RuleViolation extends Error {
  override readonly name = "RuleViolation";
  constructor(
    readonly rule: string,
    readonly detail: string,
    readonly overridable = false,
  ) {
    super(`${rule}: ${detail}`);
  }
}
