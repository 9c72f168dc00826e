/**
 * What a free-text field may hold: no control characters (but tab and line breaks in multi-line text),
 * no bidirectional controls (they make a name read other than it is stored) and no unpaired surrogates
 * (not Unicode text at all). The patterns are also the OpenAPI document's.
 */
const BIDI_CONTROLS = "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";

export const SINGLE_LINE = new RegExp(`^[^\\p{Cc}\\p{Cs}${BIDI_CONTROLS}]*$`, "u");
export const MULTI_LINE = new RegExp(
  `^[^\\0-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\p{Cs}${BIDI_CONTROLS}]*$`,
  "u",
);
export const PLAIN_TEXT = "no control characters, bidirectional controls or unpaired surrogates";
