// The row shapes of CLEAR (Hugging Face `therem/CLEAR`) and of TOFU's perturbed QA, with field names equal to the
// parquet column names. SPEC.md section 1 lists the configs that hold each shape.

/** A Hugging Face image cell: encoded PNG or JPEG bytes and the original file name, if any. */
export interface ImageCell {
  bytes: Uint8Array;
  path: string | null;
}

/** `full`, `default`, `forgetNN`, `retainNN` (and our `extra/pretrain_faces`). */
export interface CaptionRow {
  image: ImageCell;
  caption: string;
  name: string;
}

/** `forgetNN_perturbed`, `retain_perturbed` (and our `extra/held_out/captions`). */
export interface PerturbedCaptionRow extends CaptionRow {
  paraphrased_caption: string;
  perturbed_captions: string[];
  perturbed_names: string[];
}

/** `forgetNN+tofu`, `retainNN+tofu`, `full+tofu`: an image row (image, caption) or a text row (question, answer). */
export interface TofuRow {
  image: ImageCell | null;
  caption: string | null;
  question: string | null;
  answer: string | null;
}

/** TOFU's perturbed QA (`tofu/<config>`, `extra/held_out/qa`). */
export interface TofuQaRow {
  question: string;
  answer: string;
  paraphrased_answer: string;
  perturbed_answer: string[];
  paraphrased_question: string;
}

/** `real_faces`: `answer` is the person's name, `options` the wrong names. */
export interface RealFacesRow {
  image: ImageCell;
  answer: string;
  options: string[];
}

/** `real_world`: a visual question, its answer and wrong `options`. */
export interface RealWorldRow {
  image: ImageCell;
  question: string;
  answer: string;
  options: string[];
}

/** Our `extra/pretrain_world`: a rendered scene with a descriptive caption and one visual question. */
export interface PretrainWorldRow extends RealWorldRow {
  caption: string;
}

export type Gender = 'female' | 'male' | 'nonbinary';

export interface Biography {
  gender: Gender;
  /** ISO date, e.g. `1978-03-14`. */
  birthDate: string;
  birthCity: string;
  birthCountry: string;
  nationality: string;
  fatherOccupation: string;
  motherOccupation: string;
  genre: string;
  books: string[];
  award: string;
  awardYear: number;
  debutYear: number;
  education: string;
  themes: string;
  residence: string;
  hobby: string;
  language: string;
  routine: string;
  mentor: string;
  project: string;
}

/** One fictitious CLEAR person (or held-out person): `id` is the 0-based person index. */
export interface Person {
  id: number;
  name: string;
  biography: Biography;
  /** A short description of the drawn face, for people reading the data. */
  appearance: string;
  /** CLEAR configs whose image rows show this person (empty for held-out people). */
  splits: string[];
}

/** A stand-in public figure of `real_faces`, known to the base model from `extra/pretrain_faces`. */
export interface PublicFigure {
  id: number;
  name: string;
  nationality: string;
  profession: string;
  appearance: string;
}
