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

    // Dates: the server writes them in the reader's format in UTC; here they become the reader's own time zone.
    document.querySelectorAll('time[data-local]').forEach(function (time) {
        var at = new Date(time.getAttribute('datetime'));
        if (isNaN(at.getTime())) return;
        time.title = time.textContent;
        time.textContent = at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    });

    // Media pickers: "Upload and choose" without leaving the page; the new file is added to the list and checked.
    document.querySelectorAll('.bo-upload').forEach(function (box) {
        var button = box.querySelector('button[value^="upload:"]');
        var file = box.querySelector('input[type=file]');
        var alt = box.querySelector('input[name^="uploadAlt:"]');
        var status = box.querySelector('.bo-upload-status');
        var form = box.closest('form');
        if (!button || !file || !form || !window.FormData) return;
        button.addEventListener('click', function (event) {
            event.preventDefault();
            if (!file.files.length) {
                status.textContent = 'Choose a file to upload first.';
                return;
            }
            var body = new FormData();
            body.append('file', file.files[0]);
            body.append('alt', alt ? alt.value : '');
            body.append('item', form.getAttribute('data-item') || '');
            body.append('type', form.getAttribute('data-type') || '');
            status.textContent = 'Uploading…';
            button.disabled = true;
            fetch('/backoffice/api/media/upload', {
                method: 'POST',
                body: body,
                credentials: 'same-origin',
                headers: { 'RequestVerificationToken': antiforgeryToken(box) }
            }).then(function (response) {
                return response.json().then(function (json) { return { ok: response.ok, body: json }; },
                    function () { return { ok: false, body: { title: 'The file could not be uploaded (' + response.status + ').' } }; });
            }).then(function (result) {
                button.disabled = false;
                if (!result.ok) {
                    status.textContent = [result.body.title, result.body.detail].filter(Boolean).join(' ');
                    return;
                }
                var media = result.body;
                var list = box.closest('.bo-media-picker').querySelector('.bo-picker-list');
                var label = document.createElement('label');
                label.setAttribute('data-name', media.name.toLowerCase());
                var input = document.createElement('input');
                input.type = box.getAttribute('data-multiple') === 'true' ? 'checkbox' : 'radio';
                input.name = box.getAttribute('data-upload');
                input.value = media.key;
                label.appendChild(input);
                if (media.isImage) {
                    var image = document.createElement('img');
                    image.src = media.url;
                    image.alt = '';
                    image.width = 48;
                    image.height = 48;
                    label.appendChild(image);
                }
                label.appendChild(document.createTextNode(' ' + media.name + ' '));
                var where = document.createElement('small');
                where.textContent = media.folder + (media.awaitingReview ? ' · public once approved' : '');
                label.appendChild(where);
                var none = list.querySelector('input[value=""]');
                list.insertBefore(label, none ? none.closest('label').nextSibling : list.firstChild);
                input.checked = true;
                file.value = '';
                if (alt) alt.value = '';
                status.textContent = 'Uploaded “' + media.name + '” and chose it. Save to keep the choice.';
            }, function () {
                button.disabled = false;
                status.textContent = 'The file could not be uploaded: the portal did not answer.';
            });
        });
    });

    // Blocks: each can be folded to its heading and moved without a round trip (the server keeps the order posted).
    document.querySelectorAll('.bo-blocks').forEach(function (list) {
        var blocks = function () { return Array.prototype.slice.call(list.querySelectorAll(':scope > .bo-block')); };
        var renumber = function () {
            var all = blocks();
            all.forEach(function (block, index) {
                var number = block.querySelector('.bo-block-number');
                if (number) number.textContent = (index + 1) + '.';
                var up = block.querySelector('button[value^="block:up:"]');
                var down = block.querySelector('button[value^="block:down:"]');
                if (up) up.disabled = index === 0;
                if (down) down.disabled = index === all.length - 1;
            });
        };
        var fold = function (block, folded) {
            block.classList.toggle('bo-folded', folded);
            var toggle = block.querySelector('.bo-block-toggle');
            if (toggle) toggle.setAttribute('aria-expanded', folded ? 'false' : 'true');
        };
        var all = blocks();
        all.forEach(function (block, index) {
            var heading = block.querySelector(':scope > h4');
            if (!heading) return;
            var toggle = document.createElement('button');
            toggle.type = 'button';
            toggle.className = 'bo-block-toggle';
            var number = document.createElement('span');
            number.className = 'bo-block-number';
            number.textContent = (index + 1) + '.';
            var title = heading.textContent.replace(/^\s*\d+\.\s*/, '');
            var first = block.querySelector('.bo-field input[type=text], .bo-field textarea');
            var glimpse = document.createElement('span');
            glimpse.className = 'bo-block-glimpse';
            glimpse.textContent = first && first.value ? ': ' + first.value.slice(0, 80) : '';
            toggle.appendChild(number);
            toggle.appendChild(document.createTextNode(' ' + title));
            toggle.appendChild(glimpse);
            heading.textContent = '';
            heading.appendChild(toggle);
            toggle.addEventListener('click', function () { fold(block, !block.classList.contains('bo-folded')); });
            block.querySelectorAll('button[value^="block:up:"], button[value^="block:down:"]').forEach(function (move) {
                move.addEventListener('click', function (event) {
                    event.preventDefault();
                    var up = move.value.indexOf('block:up:') === 0;
                    var sibling = up ? block.previousElementSibling : block.nextElementSibling;
                    if (!sibling || !sibling.classList.contains('bo-block')) return;
                    list.insertBefore(block, up ? sibling : sibling.nextElementSibling);
                    renumber();
                    (move.disabled ? toggle : move).focus();
                });
            });
        });
        // A long list starts folded, so the form shows its shape; one click opens a block.
        if (all.length > 2) all.forEach(function (block) { fold(block, !block.querySelector('.bo-invalid, .bo-field-error')); });
        var bar = document.createElement('p');
        bar.className = 'bo-block-bar';
        [['Expand all', false], ['Collapse all', true]].forEach(function (pair) {
            var button = document.createElement('button');
            button.type = 'button';
            button.textContent = pair[0];
            button.addEventListener('click', function () { blocks().forEach(function (block) { fold(block, pair[1]); }); });
            bar.appendChild(button);
        });
        if (all.length > 0) list.insertBefore(bar, all[0]);
    });

    // Countries: a search box over the multi-select; Enter adds the first match, the chosen ones are listed.
    document.querySelectorAll('.bo-kind-country select[multiple]').forEach(function (select) {
        var search = document.createElement('input');
        search.type = 'search';
        search.className = 'bo-country-search';
        search.setAttribute('aria-label', 'Find a country');
        search.setAttribute('aria-controls', select.id);
        search.placeholder = 'Find a country…';
        var chosen = document.createElement('p');
        chosen.className = 'bo-chosen';
        chosen.setAttribute('aria-live', 'polite');
        var show = function () {
            var names = Array.prototype.filter.call(select.options, function (o) { return o.selected; }).map(function (o) { return o.textContent; });
            chosen.textContent = names.length ? 'Chosen: ' + names.join(', ') : 'None chosen.';
        };
        var filter = function () {
            var term = search.value.trim().toLowerCase();
            Array.prototype.forEach.call(select.options, function (option) {
                option.hidden = term.length > 0 && !option.selected && option.textContent.toLowerCase().indexOf(term) < 0;
            });
        };
        search.addEventListener('input', filter);
        search.addEventListener('keydown', function (event) {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            var match = Array.prototype.find.call(select.options, function (o) { return !o.hidden && !o.selected && o.value; });
            if (!match) return;
            match.selected = true;
            search.value = '';
            filter();
            show();
        });
        select.addEventListener('change', show);
        select.parentNode.insertBefore(search, select);
        select.parentNode.insertBefore(chosen, select.nextSibling);
        show();
    });

    // Destructive actions ask first.
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
        form.addEventListener('submit', function (event) {
            if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
        });
    });
})();
