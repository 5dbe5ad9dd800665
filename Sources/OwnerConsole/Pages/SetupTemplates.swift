/// The guided set-up's pages.
extension Templates {
    static let setupBusiness = """
        {{<layout}}{{$content}}
        <p class="hint">Step 1: your business. Hours and booking rules come next; each step is saved as you go.</p>
        <form method="post" action="/console/setup" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="field"><legend>How do you take bookings?</legend>
        {{#kinds}}<label class="choice"><input type="radio" name="kind" value="{{value}}"{{#checked}} checked{{/checked}} required> {{label}}</label>
        {{/kinds}}{{#kindError}}<span class="error" id="kind-error">{{kindError}}</span>{{/kindError}}
        </fieldset>
        {{#fields}}\(field){{/fields}}
        <p class="field"><label for="timezone">Time zone</label>
        <select id="timezone" name="timezone" data-propose="browser">
        {{#zones}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{id}}</option>{{/zones}}
        </select>
        {{#timezoneError}}<span class="error" id="timezone-error">{{timezoneError}}</span>{{/timezoneError}}</p>
        <p><button type="submit">Save and continue</button></p>
        </form>
        <script src="/console/static/console.js"></script>
        {{/content}}{{/layout}}
        """
}

extension Templates {
    static let setupHours = """
        {{<layout}}{{$content}}
        <p class="hint">Step 2: when {{business}} is open. Leave a day empty when you are closed; a closing time before the
        opening time runs past midnight (18:00 to 02:00). A second range is for a break (lunch, then dinner).</p>
        <form method="post" action="/console/businesses/{{businessID}}/hours" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#days}}<fieldset class="day"><legend>{{label}}</legend>
        {{#ranges}}<span class="range"><label for="{{id}}_opens">{{label}} opens</label>
        <input id="{{id}}_opens" name="{{id}}_opens" type="time" value="{{opens}}"
         {{#error}}aria-invalid="true" aria-describedby="{{id}}-error"{{/error}}>
        <label for="{{id}}_closes">closes</label>
        <input id="{{id}}_closes" name="{{id}}_closes" type="time" value="{{closes}}"{{#error}} aria-invalid="true"{{/error}}>
        {{#error}}<span class="error" id="{{id}}-error">{{error}}</span>{{/error}}</span>
        {{/ranges}}</fieldset>
        {{/days}}
        <p><button type="submit">Save hours</button></p>
        </form>
        {{/content}}{{/layout}}
        """
}

/// The console's one script, for progressive enhancement only: every page works without it.
enum ConsoleScript {
    static let text = """
        // Proposes the browser's own time zone in a time-zone list (the owner can still pick another).
        document.querySelectorAll('select[data-propose="browser"]').forEach(function (select) {
          var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
          if (!select.querySelector('option[selected]') && zone) {
            var option = select.querySelector('option[value="' + zone + '"]');
            if (option) { select.value = zone; }
          }
        });
        """
}
