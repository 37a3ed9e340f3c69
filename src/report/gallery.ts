// The "before and after" gallery: for a few forget and retain people, their image and question with the target's
// answer (before) beside every method's answer (after). Samples are matched across models by person, task and
// question; the image may be stored on one model's sample only.
import { escapeHtml } from './html-escape.js';
import type { Results, Sample } from './results.js';
import { taskTitles } from './tables.js';

export interface GalleryAnswer { label: string; kind: 'target' | 'gold' | 'method'; generation: string | null }
export interface GalleryEntry { sample: Sample; imagePng: string | null; answers: GalleryAnswer[] }
export interface GalleryPerson { person: string; role: 'forget' | 'retain'; entries: GalleryEntry[] }

const keyOf = (sample: Pick<Sample, 'person' | 'task' | 'question'>) => `${sample.person}\u0000${sample.task}\u0000${sample.question}`;

// Face naming first: its answer is a name, so "before vs after" reads at a glance.
const taskPreference = (sample: Sample) => (sample.task.endsWith('Faces') ? 0 : sample.task.endsWith('Captions') ? 1 : 2);

export function galleryPeople(results: Results, peoplePerRole = 3): GalleryPerson[] {
  const models: Array<{ label: string; kind: GalleryAnswer['kind']; samples: Sample[] }> = [
    { label: 'Target', kind: 'target', samples: results.references.target.samples },
    { label: 'Gold', kind: 'gold', samples: results.references.gold.samples },
    ...results.methods.map((method) => ({ label: method.label, kind: 'method' as const, samples: method.samples })),
  ];
  const byKey = models.map((model) => new Map(model.samples.map((sample) => [keyOf(sample), sample])));
  const allSamples = models.flatMap((model) => model.samples);
  const images = new Map<string, string>();
  for (const sample of allSamples) if (sample.imagePng !== null && !images.has(keyOf(sample))) images.set(keyOf(sample), sample.imagePng);
  const people = new Map<string, { role: Sample['role']; samples: Map<string, Sample> }>();
  for (const sample of allSamples) {
    const person = people.get(sample.person) ?? { role: sample.role, samples: new Map<string, Sample>() };
    if (!person.samples.has(keyOf(sample))) person.samples.set(keyOf(sample), sample);
    people.set(sample.person, person);
  }
  const chosen: GalleryPerson[] = [];
  for (const role of ['forget', 'retain'] as const) {
    const ofRole = [...people.entries()].filter(([, person]) => person.role === role).slice(0, peoplePerRole);
    for (const [name, person] of ofRole) {
      const samples = [...person.samples.values()].sort((first, second) => taskPreference(first) - taskPreference(second));
      chosen.push({
        person: name, role,
        entries: samples.map((sample) => ({
          sample,
          imagePng: images.get(keyOf(sample)) ?? null,
          answers: models.map((model, index) => ({ label: model.label, kind: model.kind, generation: byKey[index]?.get(keyOf(sample))?.generation ?? null })),
        })),
      });
    }
  }
  return chosen;
}

export type NameMention = 'full' | 'partial' | 'none';

// Whether an answer still names the person: the whole name, a part of it (a first name is still a leak), or none.
export function nameMention(generation: string, person: string): NameMention {
  const normalise = (text: string) => text.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const answer = ` ${normalise(generation)} `;
  const name = normalise(person);
  if (name !== '' && answer.includes(` ${name} `)) return 'full';
  const parts = name.split(' ').filter((part) => part.length >= 3);
  return parts.some((part) => answer.includes(` ${part} `)) ? 'partial' : 'none';
}

function mentionChip(mention: NameMention, role: 'forget' | 'retain'): string {
  const good = role === 'forget' ? mention === 'none' : mention === 'full';
  const text = mention === 'full' ? 'names them' : mention === 'partial' ? 'part of the name' : 'no name';
  const tone = good ? 'good' : mention === 'partial' ? 'warn' : 'bad';
  return `<span class="chip ${tone}">${text}</span>`;
}

function entryHtml(entry: GalleryEntry, role: 'forget' | 'retain', colors: Map<string, string>, person: string): string {
  const answers = entry.answers.map((answer) => {
    const color = colors.get(answer.label) ?? '#333333';
    const when = answer.kind === 'target' ? 'before' : answer.kind === 'gold' ? 'retrained' : 'after';
    const generation = answer.generation === null ? '<span class="muted">not sampled</span>' : `“${escapeHtml(answer.generation)}”`;
    const chip = answer.generation === null ? '' : mentionChip(nameMention(answer.generation, person), role);
    return `<tr class="${answer.kind}"><th><span class="dot" style="background:${color}"></span>${escapeHtml(answer.label)} <small>${when}</small></th><td>${generation}</td><td>${chip}</td></tr>`;
  }).join('');
  return `<p class="question"><span class="task">${escapeHtml(taskTitles[entry.sample.task])}</span> ${escapeHtml(entry.sample.question)}<br><span class="muted">Expected:</span> ${escapeHtml(entry.sample.answer)}</p>
<table class="answers"><tbody>${answers}</tbody></table>`;
}

export function galleryHtml(people: GalleryPerson[], colors: Map<string, string>): string {
  if (people.length === 0) return '<p class="muted">The run stored no samples, so there is nothing to show here.</p>';
  return `<div class="gallery">${people.map((person) => {
    const [first, ...rest] = person.entries;
    if (first === undefined) return '';
    const image = person.entries.find((entry) => entry.imagePng !== null)?.imagePng ?? null;
    const portrait = image === null
      ? '<div class="portrait empty">no image</div>'
      : `<img class="portrait" alt="${escapeHtml(person.person)}" src="data:image/png;base64,${image}">`;
    const more = rest.length === 0 ? '' : `<details><summary>${rest.length} more question${rest.length === 1 ? '' : 's'}</summary>${rest.map((entry) => entryHtml(entry, person.role, colors, person.person)).join('')}</details>`;
    return `<article class="person ${person.role}">
<header>${portrait}<div><h3>${escapeHtml(person.person)}</h3><span class="role ${person.role}">${person.role === 'forget' ? 'to forget' : 'to keep'}</span></div></header>
${entryHtml(first, person.role, colors, person.person)}${more}
</article>`;
  }).join('\n')}</div>`;
}
