import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyVault, maskKey } from './key-vault.js';

const homes: string[] = [];
const newHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'leo-vault-'));
  homes.push(home);
  return home;
};
afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

describe('the key vault', () => {
  it('stores keys encrypted, in files only the owner can read', () => {
    const home = newHome();
    KeyVault.ofHome(home).add('anthropic', 'sk-ant-very-secret-value');
    const onDisk = readFileSync(join(home, 'keys.json'), 'utf8');
    expect(onDisk).not.toContain('very-secret');
    expect(statSync(join(home, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(KeyVault.ofHome(home).get('anthropic')).toBe('sk-ant-very-secret-value');
  });

  it('refuses a tampered ciphertext rather than return a wrong key', () => {
    const home = newHome();
    KeyVault.ofHome(home).add('openai', 'sk-original-key-123');
    const sealed = JSON.parse(readFileSync(join(home, 'keys.json'), 'utf8'));
    sealed.openai.data = Buffer.from('sk-forged-key-1234').toString('base64');
    writeFileSync(join(home, 'keys.json'), JSON.stringify(sealed));
    expect(() => KeyVault.ofHome(home).get('openai')).toThrow();
  });

  it('lists keys masked and removes them', async () => {
    const home = newHome();
    const vault = KeyVault.ofHome(home);
    vault.add('google', 'AIzaSyExampleExample1234');
    expect(vault.list()).toEqual([expect.objectContaining({ provider: 'google', masked: 'AIz…1234' })]);
    expect(await vault.remove('google')).toBe(true);
    expect(vault.get('google')).toBeUndefined();
    expect(maskKey('short')).toBe('****');
  });

  it('refuses unknown providers and empty keys', () => {
    const vault = KeyVault.ofHome(newHome());
    expect(() => vault.add('nope', 'sk-1234567890')).toThrow(/Unknown provider/);
    expect(() => vault.add('openai', '   ')).toThrow(/empty/);
  });
});
