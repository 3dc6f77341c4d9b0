import { intFlag, type CliValues } from '../cli-args.js';
import { configFrom } from '../config.js';
import { resolveHome } from '../home.js';
import { DashboardLinks } from '../store/dashboard-links.js';

/** A one-time link to the dashboard, so no URL ever carries the local token. */
export function dashboardLink(home: string, port: number): string {
  return `http://127.0.0.1:${port}/leo/dashboard/open?code=${new DashboardLinks(home).issueCode()}`;
}

/** `leo dashboard`: prints a fresh one-time link for the running companion. */
export function runDashboard(values: CliValues): number {
  const home = resolveHome(values.home);
  const port = intFlag(values, 'port') ?? configFrom({ home }).port;
  console.log(`${dashboardLink(home, port)}

Open it within 10 minutes; it works once, and the browser stays signed in to the dashboard for a week.`);
  return 0;
}
