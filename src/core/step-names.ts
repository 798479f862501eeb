/**
 * The シナリオ and ステップ an owner meant in a hand-typed 連絡履歴 row, matched against the rules' declarations. Apart
 * from vocabulary.ts, which the rules' own modules import (slots), so that nothing here runs before the registry.
 */
import { normalizeText } from './parse';
import { rulesInContractOrder } from './registry';
import { readChannel, remembering, wordOf } from './vocabulary';

let steps: ReadonlyMap<string, readonly string[]> | undefined;
let allSteps: readonly string[] | undefined;

/**
 * シナリオ and ステップ as the rules declare them (contract 3's table), in the contract's order; the owner's 連絡履歴
 * rows are matched against these. Built on first use: the rules' own modules import this one.
 */
export function stepsOf(): ReadonlyMap<string, readonly string[]> {
  return (steps ??= new Map(rulesInContractOrder().map((r) => [r.scenario, r.steps.map((s) => s.label)])));
}

function everyStep(): readonly string[] {
  return (allSteps ??= [...new Set([...stepsOf().values()].flat())]);
}

export interface StepName {
  /** The シナリオ label, '' when it cannot be told. */
  scenario: string;
  /** The ステップ label, '' when it cannot be told. */
  step: string;
}

/**
 * The シナリオ and ステップ an owner meant in a hand-typed 連絡履歴 row: a label, a prefix of one that fits no other
 * (購入後 → 購入後フォロー, キャンセル → キャンセルフォロー; お alone fits お伺い, お礼 … and is not read), or a label
 * with more after it (お礼状, お伺いメール); notes in brackets or after a space are set aside unless the first part
 * names nothing (「お伺い（電話）」, 「お伺い 電話で」), and both may be in one cell, as 次回連絡内容 writes them
 * (「購入後フォロー: お伺い」, 「購入後フォロー（お伺い）」). A channel word (電話, メール) names no step.
 */
export function readStepName(scenarioCell: unknown, stepCell: unknown): StepName {
  return typeof scenarioCell === 'string' && typeof stepCell === 'string'
    ? stepNameOfText(`${scenarioCell}\u0001${stepCell}`)
    : stepNameOf(scenarioCell, stepCell);
}

const stepNameOfText = remembering((both: string) => {
  const [scenario, step] = both.split('\u0001');
  return stepNameOf(scenario, step);
});

function stepNameOf(scenarioCell: unknown, stepCell: unknown): StepName {
  const scenarioParts = partsOf(scenarioCell);
  const stepParts = partsOf(stepCell);
  let scenario = '';
  for (const part of [...scenarioParts, ...stepParts]) {
    scenario = matchLabel(part, [...stepsOf().keys()]);
    if (scenario) break;
  }
  const labels = scenario ? (stepsOf().get(scenario) as readonly string[]) : everyStep();
  let step = '';
  for (const part of [...stepParts, ...scenarioParts]) {
    // A part that named the scenario names no step, except where both share a label (ニュースレター).
    if (scenario && matchLabel(part, [scenario]) && !labels.includes(scenario)) continue;
    step = matchLabel(part, labels);
    if (step) break;
  }
  if (!scenario && step) {
    const owners = [...stepsOf()].filter(([, labels]) => labels.includes(step));
    if (owners.length === 1) scenario = owners[0][0];
    else step = '';
  }
  return { scenario, step };
}

/** A cell's parts, first what comes before any note: brackets, a colon or a space separate them. */
function partsOf(value: unknown): string[] {
  const text = normalizeText(value).normalize('NFKC');
  return text
    .split(/[()（）「」『』【】［\][\]〈〉《》:：/／・、,]|\s+/u)
    .map(wordOf)
    .filter((p) => p !== '');
}

/** The one label the part names (whole, as a prefix of at least two characters, or with more after it), or ''. */
function matchLabel(part: string, labels: readonly string[]): string {
  if (readChannel(part).value !== null) return '';
  const keys = labels.map((l) => [l, wordOf(l)] as const);
  const exact = keys.find(([, k]) => k === part);
  if (exact) return exact[0];
  const prefix = part.length >= 2 ? keys.filter(([, k]) => k.startsWith(part)) : [];
  if (prefix.length === 1) return prefix[0][0];
  if (prefix.length > 1) return '';
  const longer = keys.filter(([, k]) => part.startsWith(k)).sort((a, b) => b[1].length - a[1].length);
  return longer.length > 0 ? longer[0][0] : '';
}
