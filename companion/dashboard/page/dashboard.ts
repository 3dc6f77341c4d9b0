import { Chart, registerables } from 'chart.js';
import type { DashboardData } from '../dashboard-data.js';
import { formatUsd as usd } from '../../../shared/pricing/format-usd.js';

Chart.register(...registerables);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#5b6676';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const BLUE = '#2f6fed';
const REASON_COLOURS: Record<string, string> = { 'exact-hit': '#15803d', 'semantic-hit': '#4ade80', routed: '#f59e0b', passthrough: '#94a3b8', error: '#ef4444' };

function text(id: string, value: string) {
  $(id).textContent = value;
}

function row(cells: string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = c;
    tr.append(td);
  }
  return tr;
}

/** Team mode: spend and savings per member, and the filter that picks whose calls the lists show. */
function renderTeam(members: NonNullable<DashboardData['members']>, picked: string | undefined) {
  $('team').hidden = false;
  const filter = $<HTMLSelectElement>('member-filter');
  const table = $('members');
  for (const m of members) {
    table.append(row([m.member || '(no member)', String(m.calls), usd(m.costUsd), usd(m.costAvoidedUsd)]));
    if (m.member) filter.append(new Option(m.member, m.member, false, m.member === picked));
  }
  filter.onchange = () => {
    location.search = filter.value ? `?member=${encodeURIComponent(filter.value)}` : '';
  };
}

function render(data: DashboardData) {
  const { summary, allTime, forecast } = data;
  text('saved-today', usd(summary.today.savedUsd));
  text('saved-30d', usd(summary.last30Days.savedUsd));
  text('saved-all', usd(allTime.costAvoidedUsd));
  text('hit-rate', `${Math.round(summary.last30Days.hitRate * 100)}%`);
  text('calls', String(summary.last30Days.calls));
  text('cache-size', data.cache ? `${data.cache.entries} entries, ${(data.cache.bytes / 1024).toFixed(0)} KB` : 'off');
  text('forecast-with', usd(forecast.projectedWithUsd));
  text('forecast-without', usd(forecast.projectedWithoutUsd));
  text('forecast-basis', `at the pace of the first ${forecast.daysElapsed.toFixed(1)} of ${forecast.daysInMonth} days: spent ${usd(forecast.spentSoFarUsd)}, saved ${usd(forecast.savedSoFarUsd)}`);

  new Chart($<HTMLCanvasElement>('chart-daily'), {
    type: 'bar',
    data: { labels: summary.daily.map((d) => d.day.slice(5)), datasets: [{ label: 'saved (USD)', data: summary.daily.map((d) => d.savedUsd), backgroundColor: BLUE }] },
    options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });
  new Chart($<HTMLCanvasElement>('chart-sites'), {
    type: 'bar',
    data: { labels: summary.topSites.map((s) => s.site), datasets: [{ label: 'saved (USD)', data: summary.topSites.map((s) => s.savedUsd), backgroundColor: BLUE }] },
    options: { indexAxis: 'y', animation: false, plugins: { legend: { display: false } } },
  });
  const models = new Map<string, number>();
  for (const m of data.byModel) models.set(m.requestedModel, (models.get(m.requestedModel) ?? 0) + m.costAvoidedUsd);
  new Chart($<HTMLCanvasElement>('chart-models'), {
    type: 'bar',
    data: { labels: [...models.keys()], datasets: [{ label: 'saved (USD)', data: [...models.values()], backgroundColor: '#0ea5e9' }] },
    options: { animation: false, plugins: { legend: { display: false } } },
  });
  new Chart($<HTMLCanvasElement>('chart-reasons'), {
    type: 'doughnut',
    data: { labels: data.byReason.map((r) => `${r.reason} (${r.calls})`), datasets: [{ data: data.byReason.map((r) => r.calls), backgroundColor: data.byReason.map((r) => REASON_COLOURS[r.reason] ?? '#cbd5e1') }] },
    options: { animation: false, plugins: { legend: { position: 'right' } } },
  });

  const routed = $('routed');
  for (const e of data.routed) routed.append(row([new Date(e.at).toLocaleTimeString(), `${e.requestedModel} → ${e.servedModel}`, usd(e.costAvoidedUsd), e.detail.replace(/^.*?route: /, '').slice(0, 140)]));
  if (data.routed.length === 0) routed.append(row(['No routed calls yet.']));
  if (data.members) renderTeam(data.members, data.member);
  const { panel, answers, memberCalls, costUsd, singleCallUsd } = data.consensus;
  if (answers > 0 || panel.length > 0) {
    $('consensus').hidden = false;
    const configured = panel.length > 0 ? `Panel: ${panel.join(', ')}. ` : '';
    text('consensus-cost', `${configured}${answers} answers agreed by panels (${memberCalls} member calls) cost ${usd(costUsd)}; one call each would have cost ${usd(singleCallUsd)}.`);
  }
  const recent = $('recent');
  for (const e of data.recent) recent.append(row([new Date(e.at).toLocaleTimeString(), e.site.slice(0, 40), e.reason, e.requestedModel, usd(e.costUsd ?? 0), usd(e.costAvoidedUsd)]));
  document.body.dataset.ready = 'true';
}

// The session cookie the dashboard link set proves who we are; no token in any URL.
const member = new URLSearchParams(location.search).get('member');
fetch(`/leo/dashboard.json${member ? `?member=${encodeURIComponent(member)}` : ''}`)
  .then(async (res) => {
    if (!res.ok) throw new Error(((await res.json()) as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`);
    render((await res.json()) as DashboardData);
  })
  .catch((err: Error) => {
    text('problem', err.message);
  });
