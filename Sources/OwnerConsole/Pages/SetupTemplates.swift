/// The guided set-up's pages.
extension Templates {
    static let setupBusiness = """
        {{<layout}}{{$content}}
        <p class="hint">Step 1: your business. Hours and booking rules come next; each step is saved as you go, and you
        can come back to any of them later.</p>
        <form method="post" action="/console/setup" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="field"><legend>How do you take bookings?</legend>
        {{#kinds}}<label class="choice"><input type="radio" name="kind" value="{{value}}"{{#checked}} checked{{/checked}} required> {{label}}</label>
        {{/kinds}}{{#kindError}}<span class="error" id="kind-error">{{kindError}}</span>{{/kindError}}
        </fieldset>
        {{#fields}}\(field){{/fields}}
        <p class="field"><label for="timezone">Time zone</label>
        <select id="timezone" name="timezone" data-propose="browser" required>
        <option value="">Choose your time zone</option>
        {{#zones}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{id}}</option>{{/zones}}
        </select>
        {{#timezoneError}}<span class="error" id="timezone-error">{{timezoneError}}</span>{{/timezoneError}}</p>
        <p class="field"><label for="language">Language your callers are answered in</label>
        <select id="language" name="language">{{#languages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
        {{/languages}}</select></p>
        <p><button type="submit">Save and continue</button></p>
        </form>
        <script src="/console/static/console.js"></script>
        {{/content}}{{/layout}}
        """
}

extension Templates {
    static let setupHours = """
        {{<layout}}{{$content}}
        \(sections)
        \(stepHint)
        <p class="hint">When {{business}} is open. Leave a day empty when you are closed; a closing time before the
        opening time runs past midnight (18:00 to 02:00). A second range is for a break (lunch, then dinner).</p>
        <form method="post" action="{{businessPath}}/hours" class="card">
        \(stepFields)
        {{#days}}<fieldset class="day"><legend>{{label}}</legend>
        {{#ranges}}<span class="range"><label for="{{id}}_opens">{{label}} opens</label>
        <input id="{{id}}_opens" name="{{id}}_opens" type="time" value="{{opens}}"
         {{#error}}aria-invalid="true" aria-describedby="{{id}}-error"{{/error}}>
        <label for="{{id}}_closes">closes</label>
        <input id="{{id}}_closes" name="{{id}}_closes" type="time" value="{{closes}}"{{#error}} aria-invalid="true"{{/error}}>
        {{#error}}<span class="error" id="{{id}}-error">{{error}}</span>{{/error}}</span>
        {{/ranges}}</fieldset>
        {{/days}}
        \(saveButton)
        </form>
        {{/content}}{{/layout}}
        """
}

/// The console's one script, for progressive enhancement only: every page works without it.
enum ConsoleScript {
    static let text = """
        // Refreshes a page that asks for it (the day sheet) every N seconds while it is open, unless the host is typing
        // in one of its forms (a reload would lose what was typed).
        document.querySelectorAll('[data-refresh]').forEach(function (element) {
          var seconds = parseInt(element.getAttribute('data-refresh'), 10);
          var typing = false;
          document.addEventListener('input', function () { typing = true; });
          if (seconds > 0) {
            setInterval(function () {
              var active = document.activeElement;
              var busy = typing || (active && (active.tagName === 'INPUT' || active.tagName === 'SELECT'));
              if (!busy && document.visibilityState === 'visible') { window.location.reload(); }
            }, seconds * 1000);
          }
        });
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

/// The parts every later step shares: where the owner is, the hidden fields, the save button.
extension Templates {
    static let stepHint = """
        <p class="hint">{{#setup}}{{step}} · {{/setup}}<a href="{{businessPath}}">{{business}}</a></p>
        """

    static let stepFields = """
        <input type="hidden" name="csrf" value="{{csrf}}">{{#setup}}<input type="hidden" name="setup" value="1">{{/setup}}
        """

    static let saveButton = """
        <p><button type="submit">{{#setup}}Save and continue{{/setup}}{{^setup}}Save{{/setup}}</button></p>
        """

    static let setupClosures = """
        {{<layout}}{{$content}}
        \(sections)
        \(stepHint)
        <p class="hint">Days {{business}} is closed, or open other hours than usual (holidays, a private event). Callers are
        told, and nothing is booked on a closed day.</p>
        <section class="card"><h2>Coming up</h2>
        {{#hasClosures}}<ul class="plain">{{#closures}}<li><strong>{{day}}</strong>: {{what}}{{#reason}} ({{reason}}){{/reason}}
        <form method="post" action="{{businessPath}}/closures/delete" class="inline">\(stepFields)
        <input type="hidden" name="date" value="{{date}}"><button type="submit" class="secondary">Remove<span class="sr"> {{day}}</span></button>
        </form></li>{{/closures}}</ul>{{/hasClosures}}
        {{^hasClosures}}<p>None yet.</p>{{/hasClosures}}
        </section>
        <form method="post" action="{{businessPath}}/closures" class="card">
        <h2>Add a date</h2>
        \(stepFields)
        {{#fields}}\(field){{/fields}}
        {{#hoursFields}}\(field){{/hoursFields}}
        <p><button type="submit" class="secondary">Add this date</button></p>
        </form>
        {{#setup}}<p><a class="button" href="{{businessPath}}/rules?setup=1">Continue to booking rules</a></p>{{/setup}}
        {{/content}}{{/layout}}
        """

    static let setupRules = """
        {{<layout}}{{$content}}
        \(sections)
        \(stepHint)
        <form method="post" action="{{businessPath}}/rules" class="card">
        \(stepFields)
        {{#restaurant}}<p class="hint">How many guests {{business}} can seat and how long a table is kept.</p>{{/restaurant}}
        {{#teeTimes}}<p class="hint">How tee times are spaced and how many players go out together.</p>{{/teeTimes}}
        {{#appointments}}<p class="hint">When appointments can start, and the services callers can book.</p>{{/appointments}}
        {{#choices}}<p class="field"><label for="{{name}}">{{label}}</label>
        <select id="{{name}}" name="{{name}}">
        {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/options}}</select>
        {{#error}}<span class="error" id="{{name}}-error">{{error}}</span>{{/error}}</p>{{/choices}}
        {{#fields}}\(field){{/fields}}
        {{#restaurant}}<fieldset class="field"><legend>How long a table is kept</legend>
        {{#turns}}<div class="row">{{#size}}\(field){{/size}}{{#minutes}}\(field){{/minutes}}</div>{{/turns}}
        {{#turnLast}}\(field){{/turnLast}}
        </fieldset>{{/restaurant}}
        {{#appointments}}<fieldset class="field"><legend>Services (leave a row empty to skip it)</legend>
        {{#services}}<div class="row">{{#cells}}\(field){{/cells}}</div>{{/services}}
        </fieldset>{{/appointments}}
        {{#teeTimes}}<p class="hint">Rounds you sell: how long each takes (no round starts too late to finish before closing) and
        its price per player, with a cheaper twilight price from a time of day if you have one. Leave a round empty if you do
        not sell it.</p>
        {{#rounds}}<fieldset class="field"><legend>{{legend}}</legend><div class="row">{{#cells}}\(field){{/cells}}</div>
        </fieldset>{{/rounds}}{{/teeTimes}}
        <fieldset class="field"><legend>Questions for every booking (optional)</legend>
        <p class="hint">The phone agent asks these before booking, for example "Which company are you with?". Answers are
        kept private and erased with the customer's other details. Under Choices, list the answers a caller picks from, separated by commas;
        leave it empty for a free answer.</p>
        {{#intake}}<div class="row">{{#cells}}\(field){{/cells}}
        <p class="field"><label for="{{prefix}}.required">Must be answered</label>
        <select id="{{prefix}}.required" name="{{prefix}}.required"><option value="no">No</option>
        <option value="yes"{{#required}} selected{{/required}}>Yes</option></select></p></div>{{/intake}}
        </fieldset>
        \(saveButton)
        </form>
        {{/content}}{{/layout}}
        """

    static let setupStaff = """
        {{<layout}}{{$content}}
        \(sections)
        \(stepHint)
        <p class="hint">Who takes appointments and which services each does. Tick days and give hours when someone works
        less than the opening hours; otherwise they work whenever {{business}} is open.</p>
        <form method="post" action="{{businessPath}}/staff" class="card">
        \(stepFields)
        {{#rows}}<fieldset class="person"><legend>Person {{row}}</legend>
        {{#name}}\(field){{/name}}
        <fieldset class="field"><legend>Services</legend>
        {{#services}}<label class="choice"><input type="checkbox" name="{{key}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/services}}
        {{#servicesError}}<span class="error">{{servicesError}}</span>{{/servicesError}}
        </fieldset>
        <fieldset class="field"><legend>Days (none ticked: all opening hours)</legend><div class="days">
        {{#days}}<label class="choice"><input type="checkbox" name="{{key}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/days}}
        </div></fieldset>
        <div class="row">{{#opens}}\(field){{/opens}}{{#closes}}\(field){{/closes}}</div>
        </fieldset>{{/rows}}
        \(saveButton)
        </form>
        {{/content}}{{/layout}}
        """

    static let setupContact = """
        {{<layout}}{{$content}}
        \(sections)
        \(stepHint)
        <p class="hint">Where the phone agent sends a caller who asks for a person, and where the messages it takes go.</p>
        <form method="post" action="{{businessPath}}/contact" class="card">
        \(stepFields)
        {{#fields}}\(field){{/fields}}
        <p class="field"><label for="language">Language your callers are answered in</label>
        <select id="language" name="language">{{#languages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
        {{/languages}}</select></p>
        <p><button type="submit">{{#setup}}Save and finish{{/setup}}{{^setup}}Save{{/setup}}</button></p>
        </form>
        {{/content}}{{/layout}}
        """
}
