/* The experiments page: one row per experiment, refreshed on every change event. */
'use strict';
(() => {
  const body = document.querySelector('#experiments tbody');

  async function refresh() {
    const store = await nas.api('/api/store');
    document.getElementById('backup').textContent = store.lastBackupAt
      ? 'Last backup: ' + new Date(store.lastBackupAt).toLocaleString() + '.'
      : 'No backup yet (nas backup takes one).';
    const list = await nas.api('/api/experiments');
    if (!list.length) {
      body.innerHTML = '<tr><td colspan="9" class="empty">No experiments yet. Start one with <code>nas search</code>.</td></tr>';
      return;
    }
    body.innerHTML = list.map(e => {
      const done = e.trialsDone, budget = e.budgetTrials;
      const share = budget ? Math.min(100, 100 * done / budget) : 0;
      const href = '/experiment.html?name=' + encodeURIComponent(e.name);
      return `<tr data-experiment="${nas.esc(e.name)}">
        <td><a href="${href}"><b>${nas.esc(e.name)}</b></a></td>
        <td>${nas.badge(e.status)}</td>
        <td><div style="display:flex;gap:10px;align-items:center"><span class="mono" style="min-width:84px">${done} / ${budget || '∞'}</span>
            <div class="progress" style="flex:1"><div style="width:${share.toFixed(1)}%"></div></div></div></td>
        <td class="num">${e.bestTrialId != null ? `<a href="/trial.html?id=${e.bestTrialId}">${nas.pct(e.bestReward)}</a>` : '—'}</td>
        <td class="num">${nas.duration(e.elapsedSeconds)}</td>
        <td>${nas.esc(e.strategy)}</td>
        <td class="mono">${nas.esc(e.space)}</td>
        <td class="num">${e.counts.RUNNING}</td>
        <td class="num">${e.counts.FAILED}</td>
      </tr>`;
    }).join('');
  }

  refresh().catch(e => nas.toast('Cannot load experiments: ' + e.message, true));
  nas.live(null, refresh);
})();
