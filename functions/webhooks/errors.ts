/** The archive has no such post: nothing to process (a bad message, or a payload past its retention). */
export class PayloadNotArchived extends Error {}

/** Runs of one post kept overtaking each other's receipt: transient, retried (with the message, or by the caller). */
export class ReceiptContended extends Error {}
