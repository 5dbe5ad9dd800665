/// A business's own page, its team, an invitation, and the platform admin's list.
extension Templates {
    static let business = """
        {{<layout}}{{$content}}
        \(sections)
        <p class="hint">{{kindName}}</p>
        <section class="card" aria-labelledby="checklist-title"><h2 id="checklist-title">Set-up checklist</h2>
        <ul class="checklist">{{#checklist}}<li class="{{#done}}done{{/done}}{{^done}}todo{{/done}}">
        <span class="mark" aria-hidden="true">{{#done}}✓{{/done}}{{^done}}○{{/done}}</span>
        <a href="{{link}}">{{label}}</a> <span class="state">{{#done}}done{{/done}}{{^done}}to do{{/done}}</span></li>{{/checklist}}</ul>
        </section>
        <section class="card"><h2>Settings</h2><ul class="plain">
        <li><a href="{{businessPath}}/hours">Opening hours</a></li>
        <li><a href="{{businessPath}}/closures">Holidays and special days</a>{{#closures}} ({{closures}} coming up){{/closures}}</li>
        <li><a href="{{businessPath}}/rules">Booking rules</a></li>
        {{#appointments}}<li><a href="{{businessPath}}/staff">Team's services and days</a></li>{{/appointments}}
        <li><a href="{{businessPath}}/contact">Transfers and messages</a></li>
        <li><a href="{{businessPath}}/team">Who can sign in</a></li>
        <li><a href="{{businessPath}}/message-settings">Customer messages and reminders</a></li>
        <li><a href="{{businessPath}}/customers">Customers</a></li>
        <li><a href="{{businessPath}}/sent">What was sent</a></li>
        <li><a href="{{businessPath}}/keys">API keys</a></li>
        </ul></section>
        <section class="card" id="phone-agent"><h2>Phone agent</h2>
        <p>The phone agent answers your calls once it is connected to a number: choose its voice and your number on
        <a href="{{businessPath}}/phone-agent">the phone agent's page</a>. It keeps itself up to date with your hours
        and rules.</p></section>
        {{#google}}<section class="card" id="google"><h2>Google Calendar</h2>
        {{#googleProblem}}<p class="problem" role="alert">{{googleProblem}}</p>{{/googleProblem}}
        {{^available}}<p>Google Calendar is not available on this server yet.</p>{{/available}}
        {{#available}}
        {{#notConnected}}<p>Connect your Google Calendar and every booking appears in it{{^appointments}}.{{/appointments}}
        {{#appointments}}, and times you are busy in Google are not offered to callers.{{/appointments}}</p>
        <form method="post" action="{{businessPath}}/google/connect"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">Connect Google Calendar</button></form>{{/notConnected}}
        {{#connected}}<p>Connected to {{calendar}} of <strong>{{account}}</strong>.
        {{#lastSync}} Last sync {{lastSync}}.{{/lastSync}}</p>
        <form method="post" action="{{businessPath}}/google/settings"><input type="hidden" name="csrf" value="{{csrf}}">
        <p class="field"><label for="calendar_id">Calendar (“primary” is the main one)</label>
        <input id="calendar_id" name="calendar_id" type="text" value="{{calendarID}}"></p>
        <p><label class="choice"><input type="checkbox" name="busy_times"{{#busyTimes}} checked{{/busyTimes}}> Do not offer times I am busy in
        Google</label></p><p><button type="submit" class="secondary">Save calendar settings</button></p></form>{{/connected}}
        {{#invalid}}<p class="problem" role="alert">Google stopped accepting our access for {{account}}. Connect again.</p>
        <form method="post" action="{{businessPath}}/google/connect"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">Connect again</button></form>{{/invalid}}
        {{#lastError}}<p class="hint">Last error: {{lastError}}</p>{{/lastError}}
        {{^notConnected}}<form method="post" action="{{businessPath}}/google/disconnect"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="secondary">Disconnect</button></form>{{/notConnected}}
        {{/available}}
        </section>{{/google}}
        <section class="card" id="test-call"><h2>A test call</h2>
        <p>Once the phone agent is connected, call your number and book a table or an appointment as a customer would:
        the booking appears here, and the checklist ticks this item.</p></section>
        {{/content}}{{/layout}}
        """

    static let team = """
        {{<layout}}{{$content}}
        \(sections)
        <p class="hint"><a href="{{businessPath}}">{{business}}</a> · Owners can change everything; staff see the day sheet,
        bookings and messages only.</p>
        <section class="card"><h2>Members</h2><ul class="plain">
        {{#members}}<li><strong>{{name}}</strong> ({{email}}){{#isYou}} · you{{/isYou}} — {{role}}
        <form method="post" action="{{businessPath}}/team/member" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="account_id" value="{{id}}">
        <select id="role-{{id}}" name="role" aria-label="Role of {{name}}"><option value="owner"{{#isOwner}} selected{{/isOwner}}>Owner</option>
        <option value="staff"{{^isOwner}} selected{{/isOwner}}>Staff</option><option value="remove">Remove from the team</option></select>
        <button type="submit" class="secondary">Change<span class="sr"> {{name}}</span></button></form></li>{{/members}}
        </ul></section>
        {{#hasInvites}}<section class="card"><h2>Invitations sent</h2><ul class="plain">
        {{#invites}}<li>{{email}} — {{role}}
        <form method="post" action="{{businessPath}}/team/revoke" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="invite_id" value="{{id}}">
        <button type="submit" class="secondary">Withdraw<span class="sr"> {{email}}</span></button>
        </form></li>{{/invites}}</ul></section>{{/hasInvites}}
        <form method="post" action="{{businessPath}}/team/invite" class="card">
        <h2>Invite someone</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#emailField}}\(field){{/emailField}}
        <fieldset class="field"><legend>Role</legend>
        <label class="choice"><input type="radio" name="role" value="staff" checked> Staff (day sheet, bookings, messages)</label>
        <label class="choice"><input type="radio" name="role" value="owner"> Owner (everything, settings included)</label>
        </fieldset>
        <p><button type="submit">Send the invitation</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let invite = """
        {{<layout}}{{$content}}
        <form method="post" action="/console/invite" class="card">
        <p>You are invited to {{business}} as {{role}}. The invitation was sent to {{email}}.</p>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="token" value="{{token}}">
        <p><button type="submit">Join {{business}}</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let admin = """
        {{<layout}}{{$content}}
        <p class="hint">Every business on the platform; as a platform admin you can open each one's pages.</p>
        \(businessCards)
        {{/content}}{{/layout}}
        """

    static let businessCards = """
        {{#hasBusinesses}}<ul class="cards">
        {{#businesses}}<li class="card"><h2>{{#link}}<a href="{{link}}">{{name}}</a>{{/link}}{{^link}}{{name}}{{/link}}</h2>
        <p>{{kind}} · {{role}} · {{progress}}</p></li>{{/businesses}}
        </ul>{{/hasBusinesses}}
        """
}
