import { browser, type Browser } from 'wxt/browser';
import { database, type LeoDatabase } from './database.js';
import { fromExtensionPage } from './extension-sender.js';
import type { LeoSettings } from './settings.js';

/**
 * The worker's copy of the settings, so a call reads no IndexedDB for them. Every write, from
 * any page, tells the worker before it starts (the copy is set aside until the write is done)
 * and once it ended: a call never sees a setting older than one the user already sees saved.
 */
const SETTINGS_WRITE = 'leo-optima/settings-write';
/** A write that never says it ended (its page closed mid-write) holds the copy aside this long. */
const WRITE_HOLD_MS = 5000;

let keepsCopy = false;
let copy: { from: LeoDatabase; settings: Promise<LeoSettings> } | undefined;
let writes = 0;
let lastWriteStart = 0;

/** In the worker (Firefox: the background page): keep a copy, and hear the pages' writes. */
export function keepSettingsCopy(): void {
  keepsCopy = true;
}

/** The settings from the copy where one is kept and no write is under way; else as `load` reads them. */
export function settingsFromCopy(load: () => Promise<LeoSettings>): Promise<LeoSettings> {
  if (!keepsCopy || (writes > 0 && Date.now() - lastWriteStart < WRITE_HOLD_MS)) return load();
  // A database reset elsewhere opens a new connection here: the copy came from the old one.
  const from = database();
  if (copy?.from !== from) {
    const settings = load();
    copy = { from, settings };
    settings.catch(() => {
      if (copy?.settings === settings) copy = undefined;
    });
  }
  return copy.settings;
}

function noteWrite(phase: 'start' | 'end'): void {
  copy = undefined;
  if (phase === 'start') {
    writes += 1;
    lastWriteStart = Date.now();
  } else writes = Math.max(0, writes - 1);
}

/** Tells the worker a settings write starts or ended: directly where the copy is kept, else by a message it answers. */
export async function announceSettingsWrite(phase: 'start' | 'end'): Promise<void> {
  if (keepsCopy) return noteWrite(phase);
  await browser.runtime.sendMessage({ target: SETTINGS_WRITE, phase }).catch(() => undefined);
}

/** The worker's side of `announceSettingsWrite`; false for any other message. */
export function handleSettingsWrite(message: unknown, sender: Browser.runtime.MessageSender, reply: (answer: boolean) => void): boolean {
  const asked = message as { target?: unknown; phase?: unknown } | undefined;
  if (asked?.target !== SETTINGS_WRITE || !fromExtensionPage(sender)) return false;
  noteWrite(asked.phase === 'start' ? 'start' : 'end');
  reply(true);
  return true;
}
