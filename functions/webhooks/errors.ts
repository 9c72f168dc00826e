/** The archive has no such post: nothing to process (a bad message, or a payload past its retention). */
export class PayloadNotArchived extends Error {}
