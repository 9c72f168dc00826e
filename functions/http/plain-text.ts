/**
 * What a free-text field may hold: no control characters (but tab and line breaks in multi-line text),
 * no bidirectional controls (they make a name read other than it is stored) and no unpaired surrogates
 * (not Unicode text at all). The patterns are also the OpenAPI document's, so they need no regex flag:
 * a surrogate is allowed only as half of a pair.
 */
const BIDI_CONTROLS = "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";
const SURROGATES = "\\uD800-\\uDFFF";
const PAIR = "[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]";
const plain = (controls: string) => new RegExp(`^(?:[^${controls}${BIDI_CONTROLS}${SURROGATES}]|${PAIR})*$`);

export const SINGLE_LINE = plain("\\x00-\\x1F\\x7F-\\x9F");
export const MULTI_LINE = plain("\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F");
export const PLAIN_TEXT = "no control characters, bidirectional controls or unpaired surrogates";
