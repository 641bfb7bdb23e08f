/* Shared helpers of the dashboard pages: API calls, the control token, live updates, formatting. */
'use strict';
window.nasErrors = [];
window.addEventListener('error', e => window.nasErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.nasErrors.push(String(e.reason)));
const nas = (() => {
  const TOKEN_KEY = 'nas4j.token';

  // A token given in the address (?token=, needed off loopback) is kept for this tab and taken out of the address.
  const given = new URLSearchParams(location.search).get('token');
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    const url = new URL(location.href);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }

  async function api(path, options = {}) {
    const response = await fetch(path, Object.assign({ headers: { Accept: 'application/json' }, credentials: 'same-origin' }, options));
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error((body && body.error) || response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /** Asks for the token in a dialog; resolves to it, or to null when cancelled. */
  function askToken(message) {
    return new Promise(resolve => {
      const dialog = document.getElementById('token-dialog');
      const input = dialog.querySelector('input');
      dialog.querySelector('.why').textContent = message ||
        'Controls need the dashboard token. It was printed when the search started and is kept in the token file.';
      input.value = '';
      const done = value => { dialog.close(); dialog.onclose = null; resolve(value); };
      dialog.querySelector('form').onsubmit = e => { e.preventDefault(); done(input.value.trim() || null); };
      dialog.querySelector('.cancel').onclick = () => done(null);
      dialog.onclose = () => resolve(null);
      dialog.showModal();
      input.focus();
    });
  }

  /** POSTs a control action with the token (asked once, kept in sessionStorage); asks again after a 401. */
  async function control(experiment, action) {
    let token = sessionStorage.getItem(TOKEN_KEY);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!token) {
        token = await askToken(attempt ? 'That token was refused. Enter the dashboard token again.' : null);
        if (!token) return null;
      }
      try {
        const result = await api(`/api/experiments/${encodeURIComponent(experiment)}/${action}`,
          { method: 'POST', headers: { Accept: 'application/json', Authorization: 'Bearer ' + token } });
        sessionStorage.setItem(TOKEN_KEY, token);
        return result;
      } catch (e) {
        if (e.status !== 401) throw e;
        sessionStorage.removeItem(TOKEN_KEY);
        token = null;
      }
    }
    return null;
  }

  /**
   * Listens to live changes (of one experiment, or of all when name is null) and calls onChange at most once per
   * `minMillis`; shows the connection in the element with id "live".
   */
  function live(name, onChange, minMillis = 800) {
    const badge = document.getElementById('live');
    let pending = false, last = 0, timer = null;
    const fire = () => {
      const wait = Math.max(0, last + minMillis - Date.now());
      if (timer) return;
      timer = setTimeout(async () => {
        timer = null; last = Date.now();
        if (pending) return;
        pending = true;
        try { await onChange(); } catch (e) { console.warn('refresh failed', e); } finally { pending = false; }
      }, wait);
    };
    const url = name ? `/api/experiments/${encodeURIComponent(name)}/events` : '/api/events';
    const source = new EventSource(url);
    source.addEventListener('hello', () => { setLive(badge, true); });
    source.addEventListener('change', fire);
    source.onerror = () => setLive(badge, false);
    source.onopen = () => setLive(badge, true);
    return source;
  }

  function setLive(badge, on) {
    if (!badge) return;
    badge.className = 'live ' + (on ? 'on' : 'off');
    badge.textContent = on ? 'live' : 'reconnecting…';
  }

  function toast(message, bad) {
    const el = document.createElement('div');
    el.className = 'toast' + (bad ? ' bad' : '');
    el.textContent = message;
    document.body.appendChild(el);
    setTimeout(() => el.remove(), 5000);
  }

  const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const pct = (x, digits = 2) => x == null ? '—' : (x <= 1.000001 ? x * 100 : x).toFixed(digits) + ' %';
  const acc = x => x == null ? null : (x <= 1.000001 ? x * 100 : x);
  function si(n, digits = 2) {
    if (n == null) return '—';
    const units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
    for (const [v, u] of units) if (Math.abs(n) >= v) return (n / v).toFixed(digits) + ' ' + u;
    return String(n);
  }
  function duration(seconds) {
    if (seconds == null) return '—';
    const s = Math.round(seconds), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d) return `${d} d ${h} h`;
    if (h) return `${h} h ${m} min`;
    if (m) return `${m} min ${s % 60} s`;
    return `${s} s`;
  }
  const badge = state => `<span class="badge s-${esc(String(state).toLowerCase())}">${esc(String(state).toLowerCase())}</span>`;
  const param = name => new URLSearchParams(location.search).get(name);

  /** Creates (once) an ECharts instance in the element `id`, registered in window.nasCharts for tests. */
  function chart(id) {
    window.nasCharts = window.nasCharts || {};
    if (!window.nasCharts[id]) {
      const c = echarts.init(document.getElementById(id), 'dark', { renderer: 'canvas' });
      window.nasCharts[id] = c;
      window.addEventListener('resize', () => c.resize());
    }
    return window.nasCharts[id];
  }

  const base = {
    backgroundColor: 'transparent',
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    grid: { left: 56, right: 24, top: 40, bottom: 44, containLabel: false },
    animationDuration: 300, animationDurationUpdate: 300,
  };

  return { api, control, live, toast, esc, pct, acc, si, duration, badge, param, chart, base, askToken };
})();
