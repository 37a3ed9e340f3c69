import type { ModelEvaluation } from '../../eval/tasks/evaluate-model.js';
import type { ItemRecord } from '../../eval/tasks/evaluate-task.js';
import { faceNamingAccuracy } from '../../eval/metrics/index.js';
import { strongestMiaAuc } from '../../report/gate.js';
import type { Metrics, Results } from '../../report/results.js';
import type { CustomSplitNotes } from '../../train/custom-forget.js';
import type { BenchmarkOutcome } from '../pipeline/run-benchmark.js';

// The audit of one forget request (`clearbench forget`): what was asked, what each method did to each named
// person's answers, the request-level evidence (forget quality, membership inference, utility, cost) and
// everything needed to run it again. Built from the run's own evaluations; audit.md and audit.html render it.

export const AUDIT_FORMAT = 'clearbench-audit';

export type AuditTask = 'forgetFaces' | 'forgetCaptions' | 'forgetText';
const AUDIT_TASKS: readonly AuditTask[] = ['forgetFaces', 'forgetCaptions', 'forgetText'];

export interface AuditModel {
  label: string;
  kind: 'target' | 'gold' | 'method';
  forgetQualityKs: number | null;
  forgetQualityOneMinusJs: number | null;
  miaAuc: number | null; // the strongest of the four attacks, folded to >= 0.5
  lossAuc: number | null;
  modelUtility: number | null;
  utilityChange: number | null; // modelUtility - the target's
  seconds: number; // training (target, gold) or unlearning (methods) time, mean over seeds
  peakMemoryBytes: number | null;
  seeds: number;
}

export interface AuditAnswer {
  label: string;
  generation: string | null;
  rougeL: number | null;
  namesPerson: boolean | null; // face naming only: the answer contains the person's name
}

export interface AuditItem {
  task: AuditTask;
  question: string;
  answer: string;
  picture: number | null; // index into AuditReport.pictures
  answers: AuditAnswer[];
}

export interface AuditPersonFigures {
  label: string;
  namingAccuracy: number | null;
  captionRougeL: number | null;
  qaRougeL: number | null;
}

export interface AuditPerson {
  name: string;
  figures: AuditPersonFigures[];
  items: AuditItem[];
}

export interface AuditProvenance {
  clearbenchVersion: string;
  gitCommit: string | null;
  preset: string;
  seeds: number[];
  dataDirectory: string;
  dataSource: string;
  dataHashes: Record<string, string>;
  environment: Results['run']['environment'];
  command: string; // as given
  workingDirectory: string;
  rerunCommand: string; // from the resolved config written beside the audit
  configFile: string;
  config: Results['run']['config'];
}

export interface AuditReport {
  format: typeof AUDIT_FORMAT;
  version: 1;
  createdAt: string;
  people: string[];
  split: CustomSplitNotes & { forgetSamples: number; retainSamples: number; heldOutPeople: number };
  models: AuditModel[];
  persons: AuditPerson[];
  notes: string[];
  provenance: AuditProvenance;
  pictures: string[]; // data: URIs of the evaluated pictures (audit.html shows them; audit.json leaves them out)
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((total, value) => total + value, 0) / values.length;
}

function modelFigures(label: string, kind: AuditModel['kind'], metrics: Metrics, targetUtility: number | null, seconds: number, peak: number | null, seeds: number): AuditModel {
  return {
    label, kind,
    forgetQualityKs: metrics.forgetQualityKs,
    forgetQualityOneMinusJs: metrics.forgetQualityOneMinusJs,
    miaAuc: metrics.mia ? strongestMiaAuc(metrics.mia) : null,
    lossAuc: metrics.mia?.lossAuc ?? null,
    modelUtility: metrics.modelUtility,
    utilityChange: metrics.modelUtility !== null && targetUtility !== null ? metrics.modelUtility - targetUtility : null,
    seconds, peakMemoryBytes: peak, seeds,
  };
}

function pictureUri(bytes: Uint8Array): string {
  const type = bytes[0] === 0xff && bytes[1] === 0xd8 ? 'image/jpeg' : bytes[0] === 0x52 && bytes[1] === 0x49 ? 'image/webp' : 'image/png';
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}

export interface AuditInput {
  outcome: BenchmarkOutcome;
  command: string;
  workingDirectory: string;
  rerunCommand: string;
  configFile: string;
}

export function buildAudit(input: AuditInput): AuditReport {
  const { results, prepared, targetEvaluation, goldEvaluation, methods } = input.outcome;
  const { data } = prepared;
  const notes = prepared.splitNotes ?? { qaMapped: false, synthesizedPerturbed: 0, forgetPictures: data.forgetPerturbed.length, forgetQaRows: 0 };
  const targetUtility = results.references.target.metrics.modelUtility;
  const target = results.references.target;
  const gold = results.references.gold;
  const models: AuditModel[] = [
    modelFigures('Target', 'target', target.metrics, targetUtility, target.seconds, target.peakMemoryBytes, 1),
    modelFigures('Gold', 'gold', gold.metrics, targetUtility, gold.seconds, gold.peakMemoryBytes, 1),
    ...methods.map(({ result }) => modelFigures(result.label, 'method', result.metrics, targetUtility, result.seconds, result.peakMemoryBytes, Math.max(1, result.seedRuns?.length ?? 0))),
  ];
  const evaluations: { label: string; evaluation: ModelEvaluation }[] = [
    { label: 'Target', evaluation: targetEvaluation }, { label: 'Gold', evaluation: goldEvaluation },
    ...methods.map(({ result, evaluation }) => ({ label: result.label, evaluation })),
  ];

  const pictures: string[] = [];
  const pictureOfRow = new Map<number, number>();
  const pictureIndex = (row: number) => {
    const known = pictureOfRow.get(row);
    if (known !== undefined) return known;
    const bytes = data.forgetPerturbed[row]?.image.bytes;
    if (!bytes) return null;
    pictures.push(pictureUri(bytes));
    pictureOfRow.set(row, pictures.length - 1);
    return pictures.length - 1;
  };

  const persons: AuditPerson[] = data.forgetPeople.map((name) => {
    const items: AuditItem[] = [];
    for (const task of AUDIT_TASKS) {
      const records = targetEvaluation[task]?.records ?? [];
      records.forEach((record, row) => {
        if (record.person !== name) return;
        items.push({
          task, question: record.question, answer: record.answer,
          picture: task === 'forgetText' ? null : pictureIndex(row),
          answers: evaluations.map(({ label, evaluation }) => answerOf(label, evaluation[task]?.records[row], task, name)),
        });
      });
    }
    const figures = evaluations.map(({ label }, index): AuditPersonFigures => {
      const of = (task: AuditTask) => items.filter((item) => item.task === task).map((item) => item.answers[index]!);
      const named = of('forgetFaces').map((answer) => answer.namesPerson).filter((value): value is boolean => value !== null);
      const rouge = (task: AuditTask) => mean(of(task).map((answer) => answer.rougeL).filter((value): value is number => value !== null));
      return { label, namingAccuracy: mean(named.map(Number)), captionRougeL: rouge('forgetCaptions'), qaRougeL: rouge('forgetText') };
    });
    return { name, figures, items };
  });

  const remarks: string[] = [];
  if (!notes.qaMapped) remarks.push('The dataset does not say whose each QA row is (no extra/people.json), so only the pictures were forgotten; text QA stays in the retain set.');
  if (notes.synthesizedPerturbed > 0) {
    remarks.push(`${notes.synthesizedPerturbed} of ${notes.forgetPictures} forget pictures have no perturbed captions in the dataset: their wrong answers are the same caption naming another person, and the caption stands for its paraphrase.`);
  }
  const evaluated = (targetEvaluation.forgetFaces?.records.length ?? 0);
  if (evaluated < notes.forgetPictures) remarks.push(`Evaluation reads ${evaluated} of ${notes.forgetPictures} forget pictures per task (evaluation.maxRows), taken in turn from each person so that every person is asked about.`);
  const heldOutPeople = new Set(data.heldOutCaptions.map((row) => row.name)).size;
  if (heldOutPeople === 0) remarks.push('The dataset has no held-out people, so membership inference could not be measured.');

  const run = results.run;
  return {
    format: AUDIT_FORMAT, version: 1, createdAt: run.createdAt, people: data.forgetPeople,
    split: { ...notes, forgetSamples: data.forget.length, retainSamples: data.retain.length, heldOutPeople },
    models, persons, notes: remarks,
    provenance: {
      clearbenchVersion: run.clearbenchVersion, gitCommit: run.gitCommit ?? null, preset: run.preset, seeds: run.seeds,
      dataDirectory: prepared.dataDirectory, dataSource: data.source, dataHashes: run.dataHashes, environment: run.environment,
      command: input.command, workingDirectory: input.workingDirectory, rerunCommand: input.rerunCommand, configFile: input.configFile,
      config: run.config,
    },
    pictures,
  };
}

function answerOf(label: string, record: ItemRecord | undefined, task: AuditTask, person: string): AuditAnswer {
  const generation = record?.generation ?? null;
  return {
    label, generation, rougeL: record?.rougeLRecall ?? null,
    namesPerson: task === 'forgetFaces' && generation !== null ? faceNamingAccuracy([generation], [person]).aggregate === 1 : null,
  };
}
