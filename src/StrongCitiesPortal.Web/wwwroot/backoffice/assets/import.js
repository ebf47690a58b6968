// The import progress page without reloading: polls the job and updates the bar, rate, time left and counts.
// Without script the page refreshes itself (a meta refresh inside <noscript>).
(function () {
    'use strict';
    var section = document.getElementById('import-job');
    if (!section) return;
    var url = window.location.pathname + '?handler=progress';
    function set(selector, text) {
        var element = section.querySelector(selector);
        if (element) element.textContent = text;
    }
    function poll() {
        fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (job) {
                if (!job) return;
                if (!job.active || job.state !== section.getAttribute('data-state')) {
                    window.location.reload();
                    return;
                }
                var bar = section.querySelector('[data-progress]');
                if (bar && job.percent !== null) bar.value = job.percent;
                set('[data-rows]', job.rows.toLocaleString());
                set('[data-rate]', job.rate.toLocaleString());
                set('[data-left]', job.left || 'working it out');
                Object.keys(job.counts).forEach(function (outcome) {
                    set('tr[data-outcome="' + outcome + '"] [data-count]', job.counts[outcome].toLocaleString());
                });
                setTimeout(poll, 1000);
            })
            .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 1000);
})();
