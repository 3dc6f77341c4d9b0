import { browser } from 'wxt/browser';

/** The extension's own pages (popup, Options, offscreen) and worker; never a web page or a content script in one. */
export function fromExtensionPage(sender: { id?: string; url?: string }): boolean {
  return sender.id === browser.runtime.id && (sender.url?.startsWith(browser.runtime.getURL('/')) ?? false);
}
