// Progressive enhancement for the backoffice: every form works without this file.
(function () {
    'use strict';

    function antiforgeryToken(element) {
        var form = element.closest('form');
        var input = form && form.querySelector('input[name="__RequestVerificationToken"]');
        return input ? input.value : '';
    }

    // Markdown: the preview beside the text follows the typing, rendered by the server's safe renderer.
    document.querySelectorAll('textarea[data-markdown-preview]').forEach(function (textarea) {
        var preview = document.getElementById(textarea.getAttribute('data-markdown-preview'));
        if (!preview) return;
        var timer = null;
        var latest = 0;
        textarea.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(function () {
                var body = new FormData();
                body.append('text', textarea.value);
                var request = ++latest;
                fetch('/backoffice/api/markdown-preview', {
                    method: 'POST',
                    body: body,
                    credentials: 'same-origin',
                    headers: { 'RequestVerificationToken': antiforgeryToken(textarea) }
                }).then(function (response) {
                    return response.ok ? response.text() : null;
                }).then(function (html) {
                    if (html !== null && request === latest) preview.innerHTML = html;
                });
            }, 250);
        });
    });

    // Pickers: a search box that narrows the list of choices.
    document.querySelectorAll('[data-picker]').forEach(function (picker) {
        var search = picker.querySelector('.bo-picker-search');
        if (!search) return;
        search.hidden = false;
        search.addEventListener('input', function () {
            var term = search.value.trim().toLowerCase();
            picker.querySelectorAll('label[data-name]').forEach(function (label) {
                label.hidden = term.length > 0 && label.getAttribute('data-name').indexOf(term) < 0;
            });
        });
    });

    // Destructive actions ask first.
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
        form.addEventListener('submit', function (event) {
            if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
        });
    });
})();
