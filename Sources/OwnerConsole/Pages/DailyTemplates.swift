/// The daily pages: Today, bookings, a booking, messages, calls, a call.
extension Templates {
    /// The business's sections, the open one marked, the unhandled messages counted.
    static let sections = """
        {{#hasSections}}<nav class="sections" aria-label="{{business}}">{{#sections}}<a href="{{link}}"{{#current}} aria-current="page"{{/current}}>\
        {{label}}{{#badge}} <span class="badge">{{unhandled}}<span class="sr"> unhandled</span></span>{{/badge}}</a>{{/sections}}</nav>\
        {{/hasSections}}
        """

    /// The round of a golf booking made by the team (the rounds the course sells).
    static let roundSelect = """
        <p class="field"><label for="holes">Round</label><select id="holes" name="holes">
        {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select></p>
        """

    /// A booking's row: time, who, how many, status, and the buttons its status allows now.
    static let bookingRow = """
        <li class="booking {{statusClass}}"><span class="when">{{time}}</span>
        <a href="{{link}}"><strong>{{name}}</strong></a> · {{party}}{{#service}} · {{service}}{{/service}}{{#staff}} with {{staff}}{{/staff}}
        {{#round}} · {{round}}{{/round}}{{#price}} · {{price}}{{/price}}
        <span class="status">{{status}}</span>{{#override}} <span class="status">over capacity</span>{{/override}}
        {{#phone}}<span class="hint"> {{phone}}</span>{{/phone}}{{#notes}}<span class="hint"> “{{notes}}”</span>{{/notes}}
        <span class="actions">{{#actions}}<form method="post" action="{{link}}/status" class="inline"><input type="hidden" name="csrf"
        value="{{csrf}}">\
        <input type="hidden" name="status" value="{{status}}"><input type="hidden" name="back" value="{{back}}">\
        <button type="submit" class="{{#danger}}secondary{{/danger}}">{{label}}<span class="sr"> {{name}}
        {{time}}</span></button></form>{{/actions}}</span></li>
        """

    static let today = """
        {{<layout}}{{$content}}
        \(sections)
        {{#hasCalendarChanges}}<section class="card attention" aria-labelledby="calendar-changes-title">
        <h2 id="calendar-changes-title">Changed in Google Calendar</h2>
        <p>These bookings' events were deleted or moved in your Google Calendar. The bookings still stand and the customers have not been
        told: open one to choose what to do.</p>
        <ul class="plain">{{#calendarChanges}}<li><a href="{{link}}"><strong>{{name}}</strong>, {{when}}</a>: {{change}}</li>{{/calendarChanges}}
        </ul></section>{{/hasCalendarChanges}}
        <section class="card" id="sheet"{{#refresh}} data-refresh="60"{{/refresh}}>
        <h2>{{day}}</h2>
        <p><a href="{{businessPath}}/today?date={{previous}}">← Previous day</a> · {{^isToday}}<a href="{{businessPath}}/today">Today</a> ·
        {{/isToday}}\
        <a href="{{businessPath}}/today?date={{next}}">Next day →</a></p>
        <p><strong>{{count}}</strong> bookings{{^appointments}}, <strong>{{covers}}</strong> covers{{/appointments}}.</p>
        {{#hasWaiting}}<p><a href="{{businessPath}}/waitlist">{{waiting}} on the waitlist</a> for this day.</p>{{/hasWaiting}}
        {{#hasSlots}}<ol class="sheet">{{#slots}}<li><h3>{{time}} <span class="hint">{{^appointments}}{{covers}} covers{{/appointments}}\
        {{#appointments}}{{staff}}{{/appointments}}</span></h3>
        <ul class="plain">{{#bookings}}\(bookingRow){{/bookings}}</ul></li>{{/slots}}</ol>{{/hasSlots}}
        {{^hasSlots}}<p>No bookings on this day.</p>{{/hasSlots}}
        </section>
        <section class="card"><h2>The next two weeks</h2>{{{chart}}}</section>
        {{#isToday}}<form method="post" action="{{businessPath}}/walk-in" class="card">
        <h2>Seat a walk-in</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="row">{{#walkIn}}\(field){{/walkIn}}</div>
        {{#roundChoice}}\(roundSelect){{/roundChoice}}
        <p><label class="choice"><input type="checkbox" name="override_capacity"{{#override}} checked{{/override}}> Seat anyway when full
        (recorded as over capacity)</label></p>
        <p><button type="submit">Seat</button></p>
        </form>{{/isToday}}
        {{#hasChoices}}<section class="card"><h2>Free nearby</h2><ul
        class="plain">{{#choices}}<li>{{label}}</li>{{/choices}}</ul></section>{{/hasChoices}}
        <script src="/console/static/console.js"></script>
        {{/content}}{{/layout}}
        """

    static let bookings = """
        {{<layout}}{{$content}}
        \(sections)
        <form method="get" action="{{businessPath}}/bookings" class="card filters">
        <h2>Find bookings</h2>
        {{#filters}}<div class="row">
        <p class="field"><label for="f-status">Status</label><select id="f-status" name="status">{{#statusOptions}}<option value="{{value}}"\
        {{#selected}} selected{{/selected}}>{{label}}</option>{{/statusOptions}}</select></p>
        <p class="field"><label for="f-from">From</label><input id="f-from" name="from" type="date" value="{{from}}"></p>
        <p class="field"><label for="f-to">To</label><input id="f-to" name="to" type="date" value="{{to}}"></p>
        </div><div class="row">
        <p class="field"><label for="f-name">Name</label><input id="f-name" name="name" type="text" value="{{name}}"></p>
        <p class="field"><label for="f-phone">Phone</label><input id="f-phone" name="phone" type="tel" value="{{phone}}"></p>
        <p class="field"><label for="f-source">Made by</label><select id="f-source" name="source">{{#sourceOptions}}<option value="{{value}}"\
        {{#selected}} selected{{/selected}}>{{label}}</option>{{/sourceOptions}}</select></p>
        </div>{{/filters}}
        <p><button type="submit">Search</button></p>
        </form>
        <section class="card"><h2>Bookings</h2>
        {{#hasBookings}}<ul class="plain">{{#bookings}}\(bookingRowInList){{/bookings}}</ul>{{/hasBookings}}
        {{^hasBookings}}<p>No booking matches.</p>{{/hasBookings}}
        {{#nextPage}}<p><a href="{{nextPage}}">Next page →</a></p>{{/nextPage}}
        </section>
        <form method="post" action="{{businessPath}}/bookings" class="card">
        <h2>New booking</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="row">{{#newBooking}}\(field){{/newBooking}}</div>
        {{#roundChoice}}\(roundSelect){{/roundChoice}}
        <p><button type="submit">Book</button></p>
        </form>
        {{#hasChoices}}<section class="card"><h2>Free nearby</h2><ul
        class="plain">{{#choices}}<li>{{label}}</li>{{/choices}}</ul></section>{{/hasChoices}}
        {{/content}}{{/layout}}
        """

    static let bookingRowInList = """
        <li class="booking {{statusClass}}"><span class="when">{{day}} {{time}}</span>
        <a href="{{link}}"><strong>{{name}}</strong></a> · {{party}}{{#service}} · {{service}}{{/service}} <span class="status">{{status}}</span>
        <span class="hint">{{code}} · {{source}}</span></li>
        """

    static let booking = """
        {{<layout}}{{$content}}
        \(sections)
        {{#booking}}{{#calendarChange}}<section class="card attention" id="calendar-change" aria-labelledby="calendar-change-title">
        <h2 id="calendar-change-title">Changed in Google Calendar</h2>
        <p>{{text}} The booking still stands and the customer has not been told.</p>
        <div class="actions">{{#removed}}<form method="post" action="{{link}}/status" class="inline"><input type="hidden" name="csrf"
        value="{{csrf}}"><input type="hidden" name="status" value="CANCELLED"><input type="hidden" name="reason"
        value="Deleted from Google Calendar"><button type="submit" class="secondary">Cancel the booking and tell the customer</button></form>
        <form method="post" action="{{link}}/calendar" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button
        type="submit">Keep the booking and put its event back</button></form>{{/removed}}
        {{#moved}}<form method="post" action="{{link}}/move" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="date" value="{{newDate}}"><input type="hidden" name="time" value="{{newTime}}"><button
        type="submit">Move the booking to {{newWhen}} and tell the customer</button></form>
        <form method="post" action="{{link}}/calendar" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button
        type="submit" class="secondary">Keep {{oldWhen}} and put the event back</button></form>{{/moved}}</div>
        </section>{{/calendarChange}}
        <section class="card">
        <p><strong>{{name}}</strong> · {{party}}{{#service}} · {{service}}{{/service}}{{#staff}} with {{staff}}{{/staff}}
        {{#round}} · {{round}}{{/round}} · {{length}}</p>
        {{#price}}<p>Quoted {{price}}</p>{{/price}}
        <p>{{day}} at {{time}} · <span class="status">{{status}}</span>{{#override}} <span class="status">over capacity</span>{{/override}}</p>
        <p class="hint">Code {{code}} · made by {{source}}{{#phone}} · {{phone}}{{/phone}}{{#email}} · {{email}}{{/email}}</p>
        {{#notes}}<p>“{{notes}}”</p>{{/notes}}
        {{#hasAnswers}}<dl class="answers">{{#answers}}<dt>{{question}}</dt><dd>{{answer}}</dd>{{/answers}}</dl>{{/hasAnswers}}
        {{#callLink}}<p><a href="{{callLink}}">The call that made it</a></p>{{/callLink}}
        <div class="actions">{{#actions}}<form method="post" action="{{link}}/status" class="inline"><input type="hidden" name="csrf"
        value="{{csrf}}">
        <input type="hidden" name="status" value="{{status}}"><button type="submit"
        class="{{#danger}}secondary{{/danger}}">{{label}}</button></form>{{/actions}}</div>
        </section>
        {{#live}}<form method="post" action="{{link}}/move" class="card">
        <h2>Move or change</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="row">{{#move}}\(field){{/move}}</div>
        <p><button type="submit">Move</button></p>
        </form>
        {{#hasChoices}}<section class="card"><h2>Free nearby</h2><p>Pick one to move the booking there:</p>{{#choices}}
        <form method="post" action="{{link}}/move" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="date" value="{{date}}"><input type="hidden" name="time" value="{{time}}">
        <button type="submit" class="secondary">{{label}}</button></form>{{/choices}}</section>{{/hasChoices}}{{/live}}
        {{/booking}}
        <section class="card"><h2>History</h2><ol class="plain">{{#history}}<li>{{action}} by {{who}}, {{at}}{{#reason}}
        ({{reason}}){{/reason}}</li>{{/history}}</ol>
        </section>
        {{/content}}{{/layout}}
        """

    static let messages = """
        {{<layout}}{{$content}}
        \(sections)
        <section class="card"><h2>Messages</h2>
        {{#hasMessages}}<ul class="plain">{{#messages}}<li class="{{#urgent}}urgent{{/urgent}}{{#handled}} handled{{/handled}}">
        {{#urgent}}<span class="status">Urgent</span> {{/urgent}}<strong>{{from}}</strong> <span class="hint">{{at}}</span>
        <p>{{body}}</p>{{#callLink}}<a href="{{callLink}}">The call</a>{{/callLink}}
        {{^handled}}<form method="post" action="{{businessPath}}/messages/handled" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="message_id" value="{{id}}"><button type="submit">Mark handled</button></form>{{/handled}}
        {{#handled}}<span class="hint">Handled</span>{{/handled}}</li>{{/messages}}</ul>{{/hasMessages}}
        {{^hasMessages}}<p>No messages yet.</p>{{/hasMessages}}
        </section>
        {{/content}}{{/layout}}
        """

    static let waitlist = """
        {{<layout}}{{$content}}
        \(sections)
        <section class="card"><h2>Waitlist</h2>
        <p class="hint">When a booking is cancelled or moved, the freed place is offered by text to the first request it fits; they
        have {{holdMinutes}} minutes to reply YES, then it goes to the next.</p>
        {{#hasEntries}}<ol class="plain">{{#entries}}<li><strong>{{name}}</strong> · {{party}} · {{day}}, {{from}}–{{to}}
        {{#service}} · {{service}}{{/service}} <span class="status">{{status}}</span> <span class="hint">{{phone}}</span>
        <form method="post" action="{{businessPath}}/waitlist/remove" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="entry_id" value="{{id}}"><button type="submit" class="secondary">Remove<span class="sr"> {{name}}</span></button>
        </form></li>{{/entries}}</ol>{{/hasEntries}}
        {{^hasEntries}}<p>Nobody is waiting.</p>{{/hasEntries}}
        </section>
        <form method="post" action="{{businessPath}}/waitlist" class="card" novalidate>
        <h2>Add someone</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="row">{{#fields}}\(field){{/fields}}</div>
        <p><button type="submit">Add to the waitlist</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let calls = """
        {{<layout}}{{$content}}
        \(sections)
        <section class="card"><h2>Calls</h2>
        {{#hasCalls}}<ul class="plain">{{#calls}}<li><a href="{{link}}"><strong>{{at}}</strong></a> · {{from}} · {{outcome}} · {{duration}}
        {{#sentiment}}<span class="hint"> · {{sentiment}}</span>{{/sentiment}}{{#summary}}<p
        class="hint">{{summary}}</p>{{/summary}}</li>{{/calls}}</ul>{{/hasCalls}}
        {{^hasCalls}}<p>No calls yet.</p>{{/hasCalls}}
        {{#nextPage}}<p><a href="{{nextPage}}">Older calls →</a></p>{{/nextPage}}
        </section>
        <section class="card"><h2>The last 30 days</h2>{{{chart}}}</section>
        {{/content}}{{/layout}}
        """

    static let call = """
        {{<layout}}{{$content}}
        \(sections)
        {{#call}}<section class="card"><p><strong>{{at}}</strong> · {{from}} · {{outcome}} · {{duration}}{{#sentiment}} ·
        {{sentiment}}{{/sentiment}}</p>
        {{#summary}}<p>{{summary}}</p>{{/summary}}
        {{#recording}}<p><a href="{{recording}}" rel="noreferrer noopener">Listen to the recording</a></p>{{/recording}}</section>
        {{#transcript}}<section class="card"><h2>Transcript</h2><pre class="transcript">{{transcript}}</pre></section>{{/transcript}}{{/call}}
        {{#hasBookings}}<section class="card"><h2>Bookings from this call</h2><ul
        class="plain">{{#bookings}}\(bookingRowInList){{/bookings}}</ul></section>{{/hasBookings}}
        {{#hasTools}}<section class="card"><h2>What the agent asked, and our answers</h2><ol class="plain">{{#tools}}<li><strong>{{name}}</strong>
        <span class="hint">{{at}}{{^ok}} · refused{{/ok}}</span><pre class="json">{{arguments}}</pre><pre
        class="json">{{answer}}</pre></li>{{/tools}}</ol>
        </section>{{/hasTools}}
        {{/content}}{{/layout}}
        """
}
