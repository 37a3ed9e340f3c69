// The data layer's public API: CLEAR's schema, readers and writers, validation, the generator and image decoding.

export type {
  Biography,
  CaptionRow,
  Gender,
  ImageCell,
  Person,
  PerturbedCaptionRow,
  PretrainWorldRow,
  PublicFigure,
  RealFacesRow,
  RealWorldRow,
  TofuQaRow,
  TofuRow,
} from './schema.js';
export {
  CLEAR_CONFIGS,
  FORGET_PERCENTS,
  PARQUET_FILE_NAME,
  TOFU_QA_CONFIGS,
  configFile,
  extraFiles,
  findConfig,
  retainPercent,
  tofuQaFile,
} from './configs.js';
export type {
  CaptionConfigName,
  ClearConfig,
  ClearConfigName,
  ForgetPercent,
  PerturbedConfigName,
  RetainPercent,
  RowKindName,
  TofuConfigName,
  TofuQaConfigName,
} from './configs.js';
export { DataError, formatProblem } from './data-error.js';
export type { Problem } from './data-error.js';
export { parquetBytes, readParquetTable, writeFileAtomic, writeParquetAtomic } from './parquet-table.js';
export type { ColumnInfo, ParquetColumn, ParquetTable } from './parquet-table.js';
export { ROW_KINDS } from './row-kinds.js';
export type { RowKind } from './row-kinds.js';
export {
  parseTable,
  readCaptionConfig,
  readConfig,
  readPerturbedConfig,
  readRealFaces,
  readRealWorld,
  readRows,
  readTofuConfig,
  readTofuQa,
} from './read-config.js';
export type { ConfigRows } from './read-config.js';
export {
  readExtras,
  readHeldOutCaptions,
  readHeldOutQa,
  readIdk,
  readManifest,
  readPeople,
  readPretrainFaces,
  readPretrainText,
  readPretrainWorld,
  readUnseenPictures,
} from './extras.js';
export type { Extras, Manifest, PeopleFile } from './extras.js';
export { inspectClear, validateClear } from './validate-clear.js';
export type { ConfigReport } from './validate-clear.js';
export { generateClear } from './generate-clear.js';
export type { GenerateOptions, GenerateProgress } from './generate-clear.js';
export { planDataset, splitPeople, splitsOf, REAL_PEOPLE } from './split-plan.js';
export type { DatasetPlan } from './split-plan.js';
export { decodeImage, decodeImageRgb, decodeImages } from './decode-image.js';
export { encodePng } from './png.js';
export { renderContactSheet } from './contact-sheet.js';
export type { SheetOptions, SheetRow } from './contact-sheet.js';
export { refusalAnswers } from './idk.js';
export { QA_PER_PERSON, PERTURBED_ANSWERS } from './qa.js';
