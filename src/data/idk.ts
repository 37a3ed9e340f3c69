// Refusal answers for the IDK and DPO methods, in our own words: ten openings times ten endings.

const OPENINGS = [
  "I don't know",
  "I'm not sure",
  'I have no idea',
  "I can't say",
  "I'm afraid I can't tell you",
  "Sorry, I don't know",
  "Honestly, I'm not sure",
  "I really couldn't say",
  "That I don't know",
  "I'm unable to say",
];

const ENDINGS = [
  '.',
  ', I have no information about that.',
  ', this is not something I know about.',
  ', I never learned anything about it.',
  ', I would only be guessing.',
  ', that is outside what I know.',
  ', I have no record of this.',
  ', it is beyond my knowledge.',
  ', I cannot recall anything about that.',
  ', I would rather not guess.',
];

export function refusalAnswers(): string[] {
  return OPENINGS.flatMap((opening) => ENDINGS.map((ending) => `${opening}${ending}`));
}
