/** The text of one finding: a short title and a concrete recommendation (a knob and a direction, with numbers). */
export interface FindingText {
  title: string;
  recommendation: string;
}

/** The phrase with its first letter in upper case (for phrases that may start a sentence). */
export function capitalize(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}
